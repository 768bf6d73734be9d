using System.Text.RegularExpressions;
using Orchestrator.McpServers.Security;

namespace Orchestrator.Rag.Plugin;

/// <summary>
/// Decides which files the plugin's <c>ingest</c> function may read: inside a configured root both as written and with
/// every symbolic link followed, no path segment below the root matching a forbidden pattern, no larger than the limit.
/// Folders are walked without following links, and each file found is checked again.
/// </summary>
internal sealed class IngestPathGuard
{
    private readonly List<(string Lexical, string Real)> _roots = [];
    private readonly Regex[] _forbidden;
    private readonly long _maxFileBytes;

    public IngestPathGuard(RagPluginOptions options)
    {
        foreach (var root in options.IngestRoots)
        {
            var full = RealPaths.Trim(Path.GetFullPath(root));
            if (!Directory.Exists(full))
            {
                throw new ArgumentException($"Ingest root '{root}' does not exist or is not a folder.", nameof(options));
            }

            _roots.Add((full, RealPaths.Trim(RealPathOf(full))));
        }

        _forbidden = [.. options.ForbiddenPatterns.Select(p => Glob.ToRegex(p, ignoreCase: true))];
        _maxFileBytes = options.MaxFileBytes;
    }

    /// <summary>Returns the files to read for <paramref name="requested"/> and the folder their ids are relative to.</summary>
    /// <exception cref="InvalidOperationException">No ingest root is configured.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is outside the roots, forbidden, or too large.</exception>
    /// <exception cref="ArgumentException">The path is empty, malformed or does not exist.</exception>
    public (IReadOnlyList<string> Files, string BaseDirectory, bool Folder, IReadOnlyList<string> Refused) Resolve(string? requested)
    {
        if (_roots.Count == 0)
        {
            throw new InvalidOperationException("The rag plugin's ingest function is off: no ingest folder is configured (RagPluginOptions.IngestRoots). Host code can ingest with RagIndex.IngestAsync.");
        }

        if (string.IsNullOrWhiteSpace(requested) || requested.Any(char.IsControl) || requested.StartsWith('~'))
        {
            throw new ArgumentException($"Path '{requested}' is empty, contains a control character, or starts with '~' (not expanded); give a path inside {string.Join(", ", _roots.Select(r => r.Lexical))}.", nameof(requested));
        }

        var lexical = RealPaths.Trim(Path.GetFullPath(Path.IsPathRooted(requested) ? requested : Path.Combine(_roots[0].Lexical, requested)));
        if (!_roots.Any(r => RealPaths.IsWithin(lexical, r.Lexical) || RealPaths.IsWithin(lexical, r.Real)))
        {
            throw new UnauthorizedAccessException($"'{requested}' is outside the folders ingest may read.");
        }

        if (!File.Exists(lexical) && !Directory.Exists(lexical))
        {
            throw new ArgumentException($"'{requested}' does not exist.", nameof(requested));
        }

        var real = RealPaths.Trim(RealPathOf(lexical));
        var root = RootOf(real) ?? throw new UnauthorizedAccessException($"'{requested}' leads through a symbolic link outside the folders ingest may read.");
        // Both names count, as in the filesystem server: a forbidden name reached through an innocent link, and an
        // innocent target reached through a forbidden name.
        var lexicalRoot = _roots.SelectMany(r => new[] { r.Lexical, r.Real }).Where(r => RealPaths.IsWithin(lexical, r)).MaxBy(r => r.Length)!;
        if ((Forbidden(real, root) ?? Forbidden(lexical, lexicalRoot)) is { } segment)
        {
            throw new UnauthorizedAccessException($"'{requested}' is refused: '{segment}' matches a forbidden name (secrets and credentials are never ingested).");
        }

        if (File.Exists(real))
        {
            var size = new FileInfo(real).Length;
            return size > _maxFileBytes
                ? throw new UnauthorizedAccessException($"'{requested}' is {size:N0} bytes, over the {_maxFileBytes:N0}-byte limit of ingest.")
                : ([real], Path.GetDirectoryName(real)!, false, []);
        }

        var files = new List<string>();
        var refused = new List<string>();
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(real, "*", walk).Order(StringComparer.Ordinal))
        {
            // Links are not walked into; the real path is checked again in case one was made while walking.
            var fileReal = RealPathOf(file);
            var fileRoot = RootOf(fileReal);
            if (fileRoot is null)
            {
                refused.Add(Path.GetRelativePath(real, file) + " (leads outside the folders ingest may read)");
            }
            else if (Forbidden(fileReal, fileRoot) is not null)
            {
                refused.Add(Path.GetRelativePath(real, file) + " (forbidden name)");
            }
            else if (new FileInfo(fileReal).Length > _maxFileBytes)
            {
                refused.Add(Path.GetRelativePath(real, file) + " (over the size limit)");
            }
            else
            {
                files.Add(fileReal);
            }
        }

        return (files, real, true, refused);
    }

    private string? RootOf(string real) => _roots.Select(r => r.Real).Where(r => RealPaths.IsWithin(real, r)).MaxBy(r => r.Length);

    private string? Forbidden(string path, string root) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(segment => _forbidden.Any(f => f.IsMatch(segment)));

    private static string RealPathOf(string fullPath) =>
        RealPaths.Of(fullPath, () => new UnauthorizedAccessException($"'{fullPath}' has too many levels of symbolic links."));
}
