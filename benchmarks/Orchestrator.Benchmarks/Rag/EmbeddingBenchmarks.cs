using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>MiniLM embedding throughput on 64 SciFact documents (title + abstract), length-sorted batches of 16.</summary>
public class EmbeddingBenchmarks
{
    private MiniLmEmbeddingGenerator _generator = null!;
    private string[] _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        _generator = new MiniLmEmbeddingGenerator();
        _documents = [.. SciFact.Load().Documents.Take(64).Select(EvalIndex.EmbeddingText)];
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

    [Benchmark(OperationsPerInvoke = 64)]
    public async Task<int> EmbedDocuments() => (await _generator.GenerateAsync(_documents)).Count;
}
