namespace Orchestrator.Rag.Plugin;

/// <summary>A numbered source of an answer: <c>[Number]</c> in the answer text resolves to this document and chunk.</summary>
/// <param name="Number">The citation number used in the text, from 1.</param>
/// <param name="DocumentId">The document id.</param>
/// <param name="ChunkId">The chunk id.</param>
/// <param name="Source">The document's source (path or URL), when known.</param>
/// <param name="Title">The document title, when known.</param>
public sealed record RagCitation(int Number, string DocumentId, string ChunkId, string? Source, string? Title);
