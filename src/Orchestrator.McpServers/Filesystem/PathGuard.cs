using System.Text.RegularExpressions;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>
/// Decides whether a client path may be touched. A path is allowed only when both its lexical form and its real
/// form (every symlink followed, including a dangling one) lie inside an allowed root by whole path segments,
/// and no segment below the root matches a forbidden pattern.
/// </summary>
internal sealed class PathGuard
{
    private const int MaxPathLength = 4096;
    private readonly List<(string Lexical, string Real)> _roots = [];
    private readonly List<Regex> _forbidden;

    public PathGuard(FilesystemSettings settings)
    {
        if (settings.Roots.Count == 0)
        {
            throw new ArgumentException("At least one --root directory is required.", nameof(settings));
        }

        foreach (var root in settings.Roots)
        {
            var full = Trim(Path.GetFullPath(root));
            if (!Directory.Exists(full))
            {
                throw new ArgumentException($"Allowed root '{root}' does not exist or is not a directory.", nameof(settings));
            }

            _roots.Add((full, Trim(RealPathOf(full))));
        }

        _forbidden = [.. settings.ForbiddenPatterns.Select(p => Glob.ToRegex(p, ignoreCase: true))];
    }

    /// <summary>Gets the allowed roots as real paths.</summary>
    public IEnumerable<string> Roots => _roots.Select(r => r.Real).Distinct(StringComparer.Ordinal);

    public ResolvedPath Resolve(string? requested)
    {
        if (string.IsNullOrEmpty(requested))
        {
            throw ToolRefusal.Because("A path is required.");
        }

        if (requested.Length > MaxPathLength)
        {
            throw ToolRefusal.Because($"Path is longer than {MaxPathLength} characters.");
        }

        if (requested.Any(char.IsControl))
        {
            throw ToolRefusal.Because("Path contains a null byte or control character.");
        }

        // On Linux a backslash is an ordinary character, but a client written for Windows means a separator by it;
        // refusing it keeps "..\\" from meaning different things to the client and to us.
        if (Path.DirectorySeparatorChar == '/' && requested.Contains('\\', StringComparison.Ordinal))
        {
            throw ToolRefusal.Because($"Path '{requested}' contains a backslash; use '/' as the separator.");
        }

        if (requested.StartsWith('~'))
        {
            throw ToolRefusal.Because($"Path '{requested}': '~' is not expanded; use a path inside an allowed directory.");
        }

        var lexical = Trim(Path.GetFullPath(Path.IsPathRooted(requested) ? requested : Path.Combine(_roots[0].Real, requested)));
        if (!_roots.Any(r => IsWithin(lexical, r.Lexical) || IsWithin(lexical, r.Real)))
        {
            throw ToolRefusal.Because($"Access denied: '{requested}' is outside the allowed directories.");
        }

        var real = Trim(RealPathOf(lexical));
        var root = _roots.Select(r => r.Real).Where(r => IsWithin(real, r)).OrderByDescending(r => r.Length).FirstOrDefault()
            ?? throw ToolRefusal.Because($"Access denied: '{requested}' resolves through a symbolic link to a location outside the allowed directories.");

        CheckForbidden(requested, real, root);
        var lexicalRoot = _roots.SelectMany(r => new[] { r.Lexical, r.Real }).Where(r => IsWithin(lexical, r)).MaxBy(r => r.Length)!;
        CheckForbidden(requested, lexical, lexicalRoot);
        return new ResolvedPath(requested, real, root);
    }

    /// <summary>Re-checks a real path the server found by itself (an enumerated entry, a path after a rename).</summary>
    public bool IsAllowedRealPath(string realPath) =>
        _roots.Any(r => IsWithin(realPath, r.Real)) && !IsForbiddenBelowRoot(realPath);

    /// <summary>Returns true when a real path lies inside some root, whatever its names.</summary>
    public bool IsWithinRoots(string realPath) => _roots.Any(r => IsWithin(realPath, r.Real));

    public bool IsForbiddenName(string name) => _forbidden.Any(f => f.IsMatch(name));

    /// <summary>Returns true when <paramref name="path"/> equals <paramref name="root"/> or lies below it by whole segments.</summary>
    public static bool IsWithin(string path, string root) => RealPaths.IsWithin(path, root);

    /// <summary>Resolves every symlink in <paramref name="fullPath"/>, including dangling ones; missing tails stay literal.</summary>
    public static string RealPathOf(string fullPath) => RealPaths.Of(fullPath, () => ToolRefusal.Because("Too many levels of symbolic links."));

    private void CheckForbidden(string requested, string path, string root)
    {
        if (IsForbiddenRelative(path, root))
        {
            throw ToolRefusal.Because($"Access denied: '{requested}' matches a forbidden pattern (secrets, keys and credentials are never served).");
        }
    }

    private bool IsForbiddenBelowRoot(string realPath) =>
        _roots.Where(r => IsWithin(realPath, r.Real)).Any(r => IsForbiddenRelative(realPath, r.Real));

    private bool IsForbiddenRelative(string path, string root) =>
        path.Length > root.Length && Split(path[root.Length..]).Any(IsForbiddenName);

    private static string[] Split(string path) => RealPaths.Split(path);

    private static string Trim(string path) => RealPaths.Trim(path);
}
