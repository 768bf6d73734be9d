namespace Orchestrator.Retrieval;

/// <summary>A retrievable piece of a source document.</summary>
/// <param name="Id">The chunk id, stable across re-ingestion of unchanged content (<c>{DocumentId}#{Index}</c>).</param>
/// <param name="DocumentId">The id of the document the chunk came from.</param>
/// <param name="Index">The chunk's position in its document, from 0.</param>
/// <param name="Text">The chunk text.</param>
/// <param name="Title">The document title, if any.</param>
/// <param name="Metadata">Document metadata (source, tags, user fields) copied to every chunk so filters apply per chunk.</param>
public sealed record DocumentChunk(
    string Id,
    string DocumentId,
    int Index,
    string Text,
    string? Title,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Builds the conventional chunk id for a document and position.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="index">The chunk position.</param>
    /// <returns>The chunk id.</returns>
    public static string MakeId(string documentId, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{documentId}#{index}");
}
