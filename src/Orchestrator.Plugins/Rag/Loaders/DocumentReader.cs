using System.Globalization;
using System.Runtime.CompilerServices;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Loaders;

/// <summary>
/// Reads files into <see cref="SourceDocument"/>s with the loader for each extension. A document's id is its path
/// relative to the root, with '/' separators, so it is stable across machines and runs.
/// </summary>
public sealed class DocumentReader
{
    private readonly IReadOnlyList<IDocumentLoader> _loaders;

    /// <summary>Initializes a new instance of the <see cref="DocumentReader"/> class.</summary>
    /// <param name="loaders">The loaders; the built-in text, Markdown, HTML and PDF loaders when <see langword="null"/>.</param>
    public DocumentReader(IReadOnlyList<IDocumentLoader>? loaders = null) =>
        _loaders = loaders ?? [new PlainTextLoader(), new MarkdownLoader(), new HtmlLoader(), new PdfLoader()];

    /// <summary>Returns whether some loader reads this file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public bool CanRead(string path) => Find(path) is not null;

    /// <summary>Reads every supported file under <paramref name="root"/> (or the file itself), in path order.</summary>
    /// <param name="root">A folder or a file.</param>
    /// <param name="metadata">User metadata added to every document (e.g. <c>collection</c>).</param>
    /// <param name="cancellationToken">A token to cancel reading.</param>
    /// <returns>The documents.</returns>
    public async IAsyncEnumerable<SourceDocument> ReadAsync(
        string root, IReadOnlyDictionary<string, string>? metadata = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var isFile = File.Exists(root);
        var baseDir = isFile ? Path.GetDirectoryName(Path.GetFullPath(root))! : Path.GetFullPath(root);
        var files = isFile ? [Path.GetFullPath(root)]
            : Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories).Where(CanRead).Order(StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            yield return await ReadFileAsync(file, baseDir, metadata, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="baseDirectory">The folder its id is relative to.</param>
    /// <param name="metadata">User metadata to add.</param>
    /// <param name="cancellationToken">A token to cancel reading.</param>
    /// <returns>The document.</returns>
    public async Task<SourceDocument> ReadFileAsync(string path, string baseDirectory, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var loader = Find(path) ?? throw new NotSupportedException($"No loader reads '{Path.GetExtension(path)}' files; supported: .txt, .md, .html, .pdf.");
        var content = await loader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        var id = Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
        var all = new Dictionary<string, string>(content.Metadata, StringComparer.Ordinal)
        {
            ["source"] = id,
            ["modified"] = File.GetLastWriteTimeUtc(path).ToString("O", CultureInfo.InvariantCulture),
            ["format"] = Extension(path).TrimStart('.'),
        };
        var title = content.Title ?? Path.GetFileNameWithoutExtension(path);
        all["title"] = title;
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new SourceDocument(id, content.Text, title, all);
    }

    private IDocumentLoader? Find(string path)
    {
        var extension = Extension(path);
        return _loaders.FirstOrDefault(l => l.CanLoad(extension));
    }

    // Extensions are matched in lower case by convention (".PDF" is ".pdf"); nothing is round-tripped.
#pragma warning disable CA1308
    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
#pragma warning restore CA1308
}
