using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// MiniLM throughput on the same 64 SciFact documents across ONNX Runtime and batching settings: intra-op threads,
/// batch size, precision, graph optimization level and session configuration entries. Each operation is one document.
/// </summary>
public class EmbeddingSweepBenchmarks
{
    internal const int DocumentCount = 64;

    private MiniLmEmbeddingGenerator _generator = null!;
    private string[] _documents = [];

    /// <summary>
    /// One setting per run, as <c>precision/threads/batch/session</c>. Session: <c>default</c> is what the generator does;
    /// <c>basic</c>/<c>extended</c> lower the graph optimization level; <c>no-spin</c> makes intra-op threads sleep
    /// instead of spinning between ops; <c>no-arena</c> turns off the memory pattern and the CPU arena. int8 runs every
    /// input alone whatever the batch size, so batch sizes are swept in fp32 only. The full grid would be about 40 runs of
    /// a minute or more each, so the sweep varies one setting at a time.
    /// </summary>
    [ParamsSource(nameof(Variants))]
    public string Variant { get; set; } = "int8/0/1/default";

    public static IEnumerable<string> Variants =>
    [
        "float32/1/16/default", "float32/2/16/default",
        "float32/2/1/default", "float32/2/4/default", "float32/2/8/default", "float32/2/32/default",
        "int8/1/1/default", "int8/2/1/default",
        "int8/2/1/basic", "int8/2/1/extended", "int8/2/1/no-spin", "int8/2/1/no-arena",
    ];

    internal static string[] Documents() => [.. SciFact.Load().Documents.Take(DocumentCount).Select(EvalIndex.EmbeddingText)];

    [GlobalSetup]
    public void Setup()
    {
        var parts = Variant.Split('/');
        var options = new MiniLmEmbeddingOptions
        {
            Model = MiniLmModel.AllMiniLmL6V2,
            Precision = Enum.Parse<MiniLmPrecision>(parts[0], ignoreCase: true),
            IntraOpThreads = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            BatchSize = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
        };
        _generator = new MiniLmEmbeddingGenerator(options, session => Configure(session, parts[3]));
        _documents = Documents();
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

    [Benchmark(OperationsPerInvoke = DocumentCount)]
    public async Task<int> Embed() => (await _generator.GenerateAsync(_documents)).Count;

    private static void Configure(SessionOptions options, string session)
    {
        switch (session)
        {
            case "basic":
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
                break;
            case "extended":
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
                break;
            case "no-spin":
                options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                break;
            case "no-arena":
                options.EnableMemoryPattern = false;
                options.EnableCpuMemArena = false;
                break;
            case "default":
                break;
            default:
                throw new ArgumentException($"Unknown session variant '{session}'.");
        }
    }
}
