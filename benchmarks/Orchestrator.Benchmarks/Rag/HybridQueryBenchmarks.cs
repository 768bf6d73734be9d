using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// One default hybrid query (MiniLM query embedding + BM25 top-100 + exact dense top-100 over documents and passages +
/// exact top 1,000 over every sentence vector + fusion) over the first 5,000 SciFact documents indexed as the default
/// pipeline indexes them (<see cref="HybridQueryIndex"/>), at each embedding precision: with the vector indexes
/// searched the former way (every row in float, the baseline, <see cref="EveryRowVectorIndex"/>) and the current way
/// (int8 first pass, float rescoring), and with two lists only (no sentence list). Query embeddings are computed every
/// time. Each iteration is exactly one query (<see cref="PerQueryConfig"/>).
/// </summary>
[Config(typeof(PerQueryConfig))]
public class HybridQueryBenchmarks
{
    private EvalIndex _index = null!;
    private MiniLmEmbeddingGenerator _model = null!;
    private HybridRetriever _everyRow = null!;
    private HybridRetriever _default = null!;
    private HybridRetriever _twoSignal = null!;
    private string[] _queries = [];
    private int _next;

    [Params(MiniLmPrecision.Float32, MiniLmPrecision.Int8)]
    public MiniLmPrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Precision = Precision });
        (_index, _queries) = HybridQueryIndex.BuildAsync(_model, Precision).GetAwaiter().GetResult();
        _everyRow = new HybridRetriever(_index.Keyword, new EveryRowVectorIndex(_index.Vectors), new EveryRowVectorIndex(_index.Sentences), _model, new HybridRetrieverOptions());
        _default = new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions());
        _twoSignal = new HybridRetriever(_index.Keyword, _index.Vectors, _model, new HybridRetrieverOptions { Fusion = FusionOptions.TwoSignal });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> DefaultQuery_EveryRowInFloat() => QueryAsync(_everyRow);

    [Benchmark]
    public Task<int> DefaultQuery() => QueryAsync(_default);

    [Benchmark]
    public Task<int> TwoSignalQuery() => QueryAsync(_twoSignal);

    private async Task<int> QueryAsync(HybridRetriever retriever) =>
        (await retriever.RetrieveAsync(_queries[_next++ % _queries.Length], new RetrievalOptions { TopK = 10 })).Count;
}
