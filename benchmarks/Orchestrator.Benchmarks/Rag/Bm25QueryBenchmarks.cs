using BenchmarkDotNet.Attributes;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>BM25 top-100 queries over SciFact (5,183 abstracts), the 809 train claims in turn, one thread.</summary>
[MemoryDiagnoser]
public class Bm25QueryBenchmarks
{
    private EvalIndex _index = null!;
    private string[] _queries = [];

    [GlobalSetup]
    public void Setup()
    {
        var dataset = SciFact.Load();
        _index = EvalIndex.BuildAsync(dataset, new LuceneBm25Options(), embedder: null).GetAwaiter().GetResult();
        _queries = [.. dataset.Queries.Select(q => q.Text)];
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(OperationsPerInvoke = 809)]
    public int Top100()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            total += _index.Keyword.Search(query, 100).Count;
        }

        return total;
    }
}
