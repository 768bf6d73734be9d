namespace Orchestrator.Retrieval;

/// <summary>A chunk with the score a retriever or reranker gave it (higher is better; scales differ between stages).</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">The score.</param>
public sealed record ScoredChunk(DocumentChunk Chunk, double Score);
