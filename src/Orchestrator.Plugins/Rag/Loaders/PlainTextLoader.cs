namespace Orchestrator.Rag.Loaders;

/// <summary>Loads plain text; the title is the first non-empty line when it is short.</summary>
public sealed class PlainTextLoader : IDocumentLoader
{
    /// <inheritdoc />
    public bool CanLoad(string extension) => extension is ".txt" or ".text" or "";

    /// <inheritdoc />
    public async Task<LoadedContent> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return new LoadedContent(text.Trim(), first is { Length: <= 120 } ? first : null, new Dictionary<string, string>());
    }
}
