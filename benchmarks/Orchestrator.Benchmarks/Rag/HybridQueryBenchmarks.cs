using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Embeddings;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// One hybrid query (query embedding with MiniLM + BM25 top-100 + exact dense top-100 + fusion) over the first 5,000
/// SciFact documents, with two lists (the previous default, the baseline) and with the default's best-sentence list
/// (an exact scan over every sentence vector, top 1,000), at each embedding precision. Document and sentence embeddings
/// come from the on-disk cache the eval command fills (per precision); query embeddings are computed every time. Each
/// iteration is exactly one query (one invocation, no unrolling), so the P50/P95 columns are per-query latency
/// percentiles over the measured queries, not percentiles of iteration means.
/// </summary>
[Config(typeof(PerQueryConfig))]
public class HybridQueryBenchmarks
{
    private EvalIndex _index = null!;
    private MiniLmEmbeddingGenerator _model = null!;
    private HybridRetriever _retriever = null!;
    private HybridRetriever _withSentences = null!;
    private string[] _queries = [];
    private int _next;

    [Params(MiniLmPrecision.Float32, MiniLmPrecision.Int8)]
    public MiniLmPrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var full = SciFact.Load();
        var dataset = full with { Documents = [.. full.Documents.Take(5000)] };
        _model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Precision = Precision });
        var cacheDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "orchestrator", "embeddings");
        _index = BuildAsync(dataset, cacheDir).GetAwaiter().GetResult();
        _retriever = new HybridRetriever(_index.Keyword, _index.Vectors, _model, new HybridRetrieverOptions { Fusion = FusionOptions.TwoSignal });
        _withSentences = new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions());
        _queries = [.. dataset.Queries.Select(q => q.Text)];
    }

    private async Task<EvalIndex> BuildAsync(EvalDataset dataset, string cacheDir)
    {
        // The cache decorator does not own _model here: the documents are embedded by a second generator of the same precision.
        using var cached = new DiskCachedEmbeddingGenerator(new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Precision = Precision }), cacheDir, _model.CacheKey);
        return await EvalIndex.BuildAsync(dataset, new LuceneBm25Options(), cached, passages: null, sentenceVectors: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HybridQuery()
    {
        var query = _queries[_next++ % _queries.Length];
        return (await _retriever.RetrieveAsync(query, new RetrievalOptions { TopK = 10 })).Count;
    }

    [Benchmark]
    public async Task<int> HybridQueryWithSentences()
    {
        var query = _queries[_next++ % _queries.Length];
        return (await _withSentences.RetrieveAsync(query, new RetrievalOptions { TopK = 10 })).Count;
    }

    private sealed class PerQueryConfig : ManualConfig
    {
        public PerQueryConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(20)
                .WithIterationCount(300)
                .WithLaunchCount(1));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
        }
    }
}
