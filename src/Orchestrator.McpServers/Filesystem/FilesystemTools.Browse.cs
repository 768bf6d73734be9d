using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class FilesystemTools
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [McpServerTool(Name = "list_directory", Title = "List Directory", ReadOnly = true, OpenWorld = false)]
    [Description("List the files and directories in a path, prefixed [FILE] or [DIR]. Only works within allowed directories.")]
    public Task<string> ListDirectoryAsync([Description("Path of the directory to list.")] string path) =>
        GuardAsync(path, () =>
        {
            Read();
            var entries = Entries(path);
            return Task.FromResult(string.Join('\n', entries.Select(e => $"{(e.IsDirectory ? "[DIR]" : "[FILE]")} {e.Name}")));
        });

    [McpServerTool(Name = "list_directory_with_sizes", Title = "List Directory with Sizes", ReadOnly = true, OpenWorld = false)]
    [Description("List the files and directories in a path with sizes, sorted by name or size. Only works within allowed directories.")]
    public Task<string> ListDirectoryWithSizesAsync(
        [Description("Path of the directory to list.")] string path,
        [Description("Sort entries by name or size")] string sortBy = "name") =>
        GuardAsync(path, () =>
        {
            if (sortBy is not ("name" or "size"))
            {
                throw ToolRefusal.Because("sortBy must be 'name' or 'size'.");
            }

            Read();
            var entries = Entries(path).Select(e => (e.Name, IsDir: e.IsDirectory, e.Size)).ToList();
            entries = sortBy == "size"
                ? [.. entries.OrderByDescending(e => e.Size)]
                : [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
            var sb = new StringBuilder();
            foreach (var (name, isDir, size) in entries)
            {
                sb.Append(isDir ? "[DIR] " : "[FILE] ").Append(name.PadRight(30)).Append(' ')
                  .Append(isDir ? string.Empty : size.ToString(CultureInfo.InvariantCulture).PadLeft(10)).Append('\n');
            }

            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"Total: {entries.Count(e => !e.IsDir)} files, {entries.Count(e => e.IsDir)} directories\n")
              .Append(CultureInfo.InvariantCulture, $"Combined size: {entries.Sum(e => e.Size)} B");
            return Task.FromResult(sb.ToString());
        });

    [McpServerTool(Name = "directory_tree", Title = "Directory Tree", ReadOnly = true, OpenWorld = false)]
    [Description("Get a recursive tree of files and directories as JSON: each entry has 'name', 'type' (file/directory) and 'children' for directories. Symbolic links are listed, never followed. Only works within allowed directories.")]
    public Task<string> DirectoryTreeAsync(
        [Description("Path of the directory at the top of the tree.")] string path,
        [Description("Glob patterns of relative paths to leave out.")] string[]? excludePatterns = null) =>
        GuardAsync(path, () =>
        {
            Read();
            var resolved = _guard.Resolve(path);
            var excludes = Excludes(excludePatterns);
            var tree = Tree(resolved, excludes);
            return Task.FromResult(tree.ToJsonString(Indented));
        });

    [McpServerTool(Name = "search_files", Title = "Search Files", ReadOnly = true, OpenWorld = false)]
    [Description("Recursively search for files and directories whose relative path matches a glob pattern ('*.ext', '**/*.ext') or whose name contains the text. Returns full paths. Symbolic links are not followed. Only searches within allowed directories.")]
    public Task<string> SearchFilesAsync(
        [Description("Directory to search in.")] string path,
        [Description("Glob pattern or text to look for.")] string pattern,
        [Description("Glob patterns of relative paths to leave out.")] string[]? excludePatterns = null) =>
        GuardAsync(path, () =>
        {
            if (string.IsNullOrEmpty(pattern) || pattern.Any(char.IsControl))
            {
                throw ToolRefusal.Because("pattern must be non-empty text without control characters.");
            }

            Read();
            var resolved = _guard.Resolve(path);
            var excludes = Excludes(excludePatterns);
            var glob = Glob.HasWildcards(pattern) ? Glob.ToRegex(pattern, ignoreCase: false) : null;
            var results = new List<string>();
            var outcome = _files.Walk(resolved, _settings.MaxEntriesVisited, _settings.MaxDepth, entry =>
            {
                // Links are never followed nor reported; a forbidden name hides itself and everything below it.
                if (entry.IsLink || !_guard.IsAllowedRealPath(entry.FullPath))
                {
                    return false;
                }

                var match = glob is null
                    ? entry.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    : glob.IsMatch(entry.RelativePath) || (!pattern.Contains('/', StringComparison.Ordinal) && glob.IsMatch(entry.Name));
                if (match && !excludes.Any(e => e.IsMatch(entry.RelativePath)))
                {
                    results.Add(entry.FullPath);
                }

                return true;
            });
            if (outcome == WalkOutcome.EntryLimitReached)
            {
                results.Add($"(search stopped after {_settings.MaxEntriesVisited} entries)");
            }
            else if (outcome == WalkOutcome.DepthLimitReached)
            {
                results.Add($"(search did not go deeper than {_settings.MaxDepth} levels)");
            }

            return Task.FromResult(results.Count > 0 ? string.Join('\n', results) : "No matches found");
        });

    [McpServerTool(Name = "get_file_info", Title = "Get File Info", ReadOnly = true, OpenWorld = false)]
    [Description("Retrieve metadata about a file or directory: size, times, permissions and type. Only works within allowed directories.")]
    public Task<string> GetFileInfoAsync([Description("Path of the file or directory.")] string path) =>
        GuardAsync(path, () =>
        {
            Read();
            var resolved = _guard.Resolve(path);
            var info = _files.Describe(resolved);
            var mode = OperatingSystem.IsWindows() ? "n/a" : Convert.ToString(info.Permissions, 8);
            return Task.FromResult(string.Join('\n',
                $"size: {(info.Kind == FileKind.Directory ? 0 : info.Size).ToString(CultureInfo.InvariantCulture)}",
                $"created: {info.CreatedUtc:O}",
                $"modified: {info.ModifiedUtc:O}",
                $"accessed: {info.AccessedUtc:O}",
                $"isDirectory: {(info.Kind == FileKind.Directory ? "true" : "false")}",
                $"isFile: {(info.Kind == FileKind.Regular ? "true" : "false")}",
                $"permissions: {mode}"));
        });

    private List<DirectoryEntry> Entries(string path) => _files.ListDirectory(_guard.Resolve(path), _settings.MaxEntriesVisited);

    /// <summary>
    /// Builds the JSON tree from a depth-first walk: links are files (never entered), directories whose name is
    /// forbidden are shown empty, excluded entries are left out with everything below them, and directories past the
    /// depth limit are shown empty.
    /// </summary>
    private JsonArray Tree(ResolvedPath top, Regex[] excludes)
    {
        var levels = new List<JsonArray> { new() };
        _files.Walk(top, _settings.MaxEntriesVisited, _settings.MaxDepth, entry =>
        {
            levels.RemoveRange(entry.Depth + 1, levels.Count - entry.Depth - 1);
            if (excludes.Any(e => e.IsMatch(entry.RelativePath) || e.IsMatch(entry.Name)))
            {
                return false;
            }

            var node = new JsonObject { ["name"] = entry.Name, ["type"] = entry.IsDirectory ? "directory" : "file" };
            levels[entry.Depth].Add(node);
            if (!entry.IsDirectory)
            {
                return false;
            }

            var children = new JsonArray();
            node["children"] = children;
            levels.Add(children);
            return !_guard.IsForbiddenName(entry.Name);
        });
        return levels[0];
    }

    /// <summary>As the reference server: a glob matches relative paths; a plain name matches that entry anywhere and everything below it.</summary>
    private static Regex[] Excludes(string[]? patterns) =>
        [.. (patterns ?? []).Where(p => !string.IsNullOrEmpty(p)).SelectMany(p => Glob.HasWildcards(p)
            ? new[] { Glob.ToRegex(p, ignoreCase: false) }
            : [Glob.ToRegex(p, false), Glob.ToRegex($"**/{p}", false), Glob.ToRegex($"**/{p}/**", false), Glob.ToRegex($"{p}/**", false)])];
}
