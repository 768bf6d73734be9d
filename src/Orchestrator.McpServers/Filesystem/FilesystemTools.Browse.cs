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
            return Task.FromResult(string.Join('\n', entries.Select(e => $"{(e is DirectoryInfo ? "[DIR]" : "[FILE]")} {e.Name}")));
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
            var entries = Entries(path).Select(e => (e.Name, IsDir: e is DirectoryInfo, Size: e is FileInfo f ? f.Length : 0L)).ToList();
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
            var budget = _settings.MaxEntriesVisited;
            var tree = Tree(resolved.RealPath, resolved.RealPath, excludes, ref budget);
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
            var visited = 0;
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, ReturnSpecialDirectories = false };
            foreach (var entry in new DirectoryInfo(resolved.RealPath).EnumerateFileSystemInfos("*", options))
            {
                if (++visited > _settings.MaxEntriesVisited)
                {
                    results.Add($"(search stopped after {_settings.MaxEntriesVisited} entries)");
                    break;
                }

                var relative = Path.GetRelativePath(resolved.RealPath, entry.FullName);
                if (!_guard.IsAllowedRealPath(entry.FullName) || excludes.Any(e => e.IsMatch(relative)))
                {
                    continue;
                }

                var match = glob is null
                    ? entry.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)
                    : glob.IsMatch(relative) || (!pattern.Contains('/', StringComparison.Ordinal) && glob.IsMatch(entry.Name));
                if (match)
                {
                    results.Add(entry.FullName);
                }
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
            _files.EnsureNotHardLinked(resolved);
            var kind = NativeFile.KindOf(resolved.RealPath);
            if (kind == FileKind.Missing)
            {
                throw ToolRefusal.Because($"'{path}' does not exist.");
            }

            FileSystemInfo info = kind == FileKind.Directory ? new DirectoryInfo(resolved.RealPath) : new FileInfo(resolved.RealPath);
            var mode = OperatingSystem.IsWindows() ? "n/a" : Convert.ToString((int)info.UnixFileMode, 8);
            return Task.FromResult(string.Join('\n',
                $"size: {(info is FileInfo f ? f.Length : 0).ToString(CultureInfo.InvariantCulture)}",
                $"created: {info.CreationTimeUtc:O}",
                $"modified: {info.LastWriteTimeUtc:O}",
                $"accessed: {info.LastAccessTimeUtc:O}",
                $"isDirectory: {(kind == FileKind.Directory ? "true" : "false")}",
                $"isFile: {(kind == FileKind.Regular ? "true" : "false")}",
                $"permissions: {mode}"));
        });

    private List<FileSystemInfo> Entries(string path) => _files.ListDirectory(_guard.Resolve(path), _settings.MaxEntriesVisited);

    private JsonArray Tree(string top, string directory, Regex[] excludes, ref int budget)
    {
        var array = new JsonArray();
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (--budget < 0)
            {
                break;
            }

            var relative = Path.GetRelativePath(top, entry.FullName);
            if (excludes.Any(e => e.IsMatch(relative) || e.IsMatch(entry.Name)))
            {
                continue;
            }

            var isDir = entry is DirectoryInfo && entry.LinkTarget is null;
            var node = new JsonObject { ["name"] = entry.Name, ["type"] = isDir ? "directory" : "file" };
            if (isDir)
            {
                node["children"] = _guard.IsForbiddenName(entry.Name) ? new JsonArray() : Tree(top, entry.FullName, excludes, ref budget);
            }

            array.Add(node);
        }

        return array;
    }

    /// <summary>As the reference server: a glob matches relative paths; a plain name matches that entry anywhere and everything below it.</summary>
    private static Regex[] Excludes(string[]? patterns) =>
        [.. (patterns ?? []).Where(p => !string.IsNullOrEmpty(p)).SelectMany(p => Glob.HasWildcards(p)
            ? new[] { Glob.ToRegex(p, ignoreCase: false) }
            : [Glob.ToRegex(p, false), Glob.ToRegex($"**/{p}", false), Glob.ToRegex($"**/{p}/**", false), Glob.ToRegex($"{p}/**", false)])];
}
