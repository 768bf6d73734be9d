namespace Orchestrator.Retrieval;

/// <summary>A chunk and its embedding, as stored in an <see cref="IVectorIndex"/>.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Vector">Its embedding (unit length for cosine similarity).</param>
public sealed record VectorRecord(DocumentChunk Chunk, ReadOnlyMemory<float> Vector);
