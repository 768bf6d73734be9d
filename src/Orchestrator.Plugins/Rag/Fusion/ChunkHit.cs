namespace Orchestrator.Rag.Fusion;

/// <summary>
/// A ranked chunk known only by its ids: what first-stage retrievers hand to fusion, so that the text and metadata
/// of a chunk are loaded only if it makes the final top k.
/// </summary>
/// <param name="ChunkId">The chunk id.</param>
/// <param name="DocumentId">The id of the chunk's document (fusion by document groups on it).</param>
/// <param name="Score">The retriever's score (higher is better).</param>
public readonly record struct ChunkHit(string ChunkId, string DocumentId, double Score);
