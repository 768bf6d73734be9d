namespace Orchestrator.Rag.Plugin;

/// <summary>A search result as the plugin returns it to a model or a user.</summary>
/// <param name="Rank">The rank, from 1.</param>
/// <param name="Score">The retrieval score.</param>
/// <param name="DocumentId">The document id.</param>
/// <param name="ChunkId">The chunk id.</param>
/// <param name="Source">The source, when known.</param>
/// <param name="Title">The title, when known.</param>
/// <param name="Text">The chunk text.</param>
public sealed record RagSearchHit(int Rank, double Score, string DocumentId, string ChunkId, string? Source, string? Title, string Text);
