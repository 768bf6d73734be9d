using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

internal static class Chunks
{
    public static DocumentChunk Make(string documentId, string text, params (string Key, string Value)[] metadata) =>
        Make(documentId, 0, text, metadata);

    public static DocumentChunk Make(string documentId, int index, string text, params (string Key, string Value)[] metadata) =>
        new(DocumentChunk.MakeId(documentId, index), documentId, index, text, null, metadata.ToDictionary(m => m.Key, m => m.Value));

    public static ScoredChunk Scored(string documentId, double score) => new(Make(documentId, documentId), score);
}
