using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// The naive combination and the default hybrid query (fp32) with each of its concurrent parts on or off, measured
/// alternately: every iteration runs the same query once through every variant, in an order that rotates per iteration,
/// so a change of the machine's load during the run falls on all variants alike (the other hybrid query benchmarks run
/// one method after another, minutes apart). BenchmarkDotNet times the whole round; the per-variant p50 / p95 / min and
/// their ratios to the naive combination and to the sequential query are printed by the cleanup ("// alternating").
/// </summary>
[Config(typeof(PerQueryConfig))]
public class HybridQueryAlternatingBenchmarks
{
    // The warm-up rounds (PerQueryConfig: 20) and a few more are not counted.
    private const int Skipped = 25;

    private readonly List<(string Name, Func<string, int> Query)> _variants = [];
    private readonly Dictionary<string, List<double>> _times = [];
    private EvalIndex _index = null!;
    private MiniLmEmbeddingGenerator _model = null!;
    private NaiveCombination _naive = null!;
    private string[] _queries = [];
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions());
        (_index, _queries) = HybridQueryIndex.BuildAsync(_model, MiniLmPrecision.Float32).GetAwaiter().GetResult();
        var full = SciFact.Load();
        _naive = NaiveCombination.BuildAsync(full with { Documents = [.. full.Documents.Take(HybridQueryIndex.Documents)] }, HybridQueryIndex.CacheDirectory).GetAwaiter().GetResult();
        var onePart = (new OnePartVectorIndex(_index.Vectors), new OnePartVectorIndex(_index.Sentences));

        _variants.Add(("naive combination", q => _naive.Search(q, 10).Count));
        Add("sequential (before)", new HybridRetriever(_index.Keyword, onePart.Item1, onePart.Item2, _model, new HybridRetrieverOptions()) { KeywordDuringEmbedding = false, SentencesDuringDenseSearch = false });
        Add("split first pass only", new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions()) { KeywordDuringEmbedding = false, SentencesDuringDenseSearch = false });
        Add("BM25 during embedding only", new HybridRetriever(_index.Keyword, onePart.Item1, onePart.Item2, _model, new HybridRetrieverOptions()) { SentencesDuringDenseSearch = false });
        Add("sentences during dense only", new HybridRetriever(_index.Keyword, onePart.Item1, onePart.Item2, _model, new HybridRetrieverOptions()) { KeywordDuringEmbedding = false });
        Add("split + sentences during dense", new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions()) { KeywordDuringEmbedding = false });
        Add("default (all three)", new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions()));
        foreach (var (name, _) in _variants)
        {
            _times[name] = [];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
        var stats = _times.ToDictionary(t => t.Key, t =>
        {
            var sorted = t.Value.Order().ToList();
            return (P50: Percentile(sorted, 0.5), P95: Percentile(sorted, 0.95), Min: sorted[0], Mean: sorted.Average(), Count: sorted.Count);
        });
        var naive = stats["naive combination"];
        var before = stats["sequential (before)"];
        Console.WriteLine("// alternating | variant | queries | p50 ms | p95 ms | min ms | mean ms | p50/p95 vs naive | p50/p95 vs sequential |");
        foreach (var (name, s) in stats)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// alternating | {name} | {s.Count} | {s.P50:F2} | {s.P95:F2} | {s.Min:F2} | {s.Mean:F2} | {s.P50 / naive.P50:F2} / {s.P95 / naive.P95:F2} | {s.P50 / before.P50:F2} / {s.P95 / before.P95:F2} |"));
        }

        _naive.Dispose();
        _index.Dispose();
        _model.Dispose();
    }

    /// <summary>One query through every variant, in an order rotated by one each round.</summary>
    [Benchmark]
    public int OneQueryThroughEveryVariant()
    {
        var query = _queries[_round % _queries.Length];
        var total = 0;
        for (var i = 0; i < _variants.Count; i++)
        {
            var (name, run) = _variants[(i + _round) % _variants.Count];
            var started = Stopwatch.GetTimestamp();
            total += run(query);
            if (_round >= Skipped)
            {
                _times[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        _round++;
        return total;
    }

    private void Add(string name, HybridRetriever retriever) =>
        _variants.Add((name, q => retriever.RetrieveAsync(q, new RetrievalOptions { TopK = 10 }).GetAwaiter().GetResult().Count));
}
