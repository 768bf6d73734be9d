using BenchmarkDotNet.Attributes;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>BM25 indexing of the 5,183 SciFact documents in memory (embedding cost is measured by <see cref="EmbeddingBenchmarks"/>).</summary>
public class IndexingBenchmarks
{
    private EvalDataset _dataset = null!;

    [GlobalSetup]
    public void Setup() => _dataset = SciFact.Load();

    [Benchmark(OperationsPerInvoke = 5183)]
    public async Task<int> IndexBm25()
    {
        using var index = await EvalIndex.BuildAsync(_dataset, new LuceneBm25Options(), embedder: null);
        return index.Keyword.Count;
    }
}
