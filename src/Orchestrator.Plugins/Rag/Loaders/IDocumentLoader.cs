namespace Orchestrator.Rag.Loaders;

/// <summary>Extracts the main text, title and format-specific metadata of one file format.</summary>
public interface IDocumentLoader
{
    /// <summary>Returns whether this loader reads files with the given extension (lower case, with the dot).</summary>
    /// <param name="extension">The extension, e.g. <c>.md</c>.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    bool CanLoad(string extension);

    /// <summary>Loads the file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The extracted content.</returns>
    Task<LoadedContent> LoadAsync(string path, CancellationToken cancellationToken = default);
}
