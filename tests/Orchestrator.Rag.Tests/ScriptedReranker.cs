using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>A reranker that scores each candidate from a table keyed by document id, as a cross-encoder's logits would.</summary>
internal sealed class ScriptedReranker(IReadOnlyDictionary<string, double> scores) : IReranker
{
    public int Calls { get; private set; }

    public Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default)
    {
        Calls++;
        IReadOnlyList<ScoredChunk> result = [.. candidates
            .Select(c => new ScoredChunk(c.Chunk, scores[c.Chunk.DocumentId]))
            .OrderByDescending(c => c.Score)
            .Take(topK)];
        return Task.FromResult(result);
    }
}
