using Orchestrator.Rag.Evaluation;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>Loads the SciFact collection from ../shared for the RAG benchmarks.</summary>
public static class SciFact
{
    public static EvalDataset Load()
    {
        var path = SharedAssets.TryGet("eval/scifact")
            ?? throw new InvalidOperationException(SharedAssets.SkipReason("eval/scifact"));
        return BeirLoader.Load(path);
    }
}
