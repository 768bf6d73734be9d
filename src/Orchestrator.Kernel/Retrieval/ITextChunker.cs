namespace Orchestrator.Retrieval;

/// <summary>Splits a document's text into retrievable pieces.</summary>
public interface ITextChunker
{
    /// <summary>Splits <paramref name="text"/> into chunks, in document order.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">A token to cancel the call (semantic chunking calls an embedding model).</param>
    /// <returns>The chunk texts, none empty.</returns>
    Task<IReadOnlyList<string>> ChunkAsync(string text, CancellationToken cancellationToken = default);
}
