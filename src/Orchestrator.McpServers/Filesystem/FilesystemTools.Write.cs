using System.ComponentModel;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class FilesystemTools
{
    [McpServerTool(Name = "write_file", Title = "Write File", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Create a new file or completely overwrite an existing file with new content. Only works within allowed directories.")]
    public Task<string> WriteFileAsync(
        [Description("Path of the file to write.")] string path,
        [Description("The complete new content of the file.")] string content,
        CancellationToken cancellationToken = default) =>
        GuardAsync(path, async () =>
        {
            Write();
            await _files.WriteTextAsync(_guard.Resolve(path), content ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return $"Successfully wrote to {path}";
        });

    [McpServerTool(Name = "edit_file", Title = "Edit File", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Make edits to a text file: each edit replaces an exact text (or the same lines ignoring indentation). Returns a git-style diff. Only works within allowed directories.")]
    public Task<string> EditFileAsync(
        [Description("Path of the file to edit.")] string path,
        [Description("The edits to apply in order.")] EditOperation[] edits,
        [Description("Preview changes using git-style diff format")] bool dryRun = false,
        CancellationToken cancellationToken = default) =>
        GuardAsync(path, async () =>
        {
            if (edits is null || edits.Length == 0)
            {
                throw ToolRefusal.Because("'edits' must contain at least one edit.");
            }

            if (dryRun)
            {
                Read();
            }
            else
            {
                Write();
            }

            var resolved = _guard.Resolve(path);
            var original = (await _files.ReadTextAsync(resolved, cancellationToken).ConfigureAwait(false)).Replace("\r\n", "\n", StringComparison.Ordinal);
            var modified = original;
            foreach (var edit in edits)
            {
                modified = Apply(modified, edit, path);
            }

            var diff = UnifiedDiff.Create(original, modified, path);
            if (!dryRun)
            {
                await _files.WriteTextAsync(resolved, modified, cancellationToken).ConfigureAwait(false);
            }

            return $"```diff\n{diff}```\n\n";
        });

    [McpServerTool(Name = "create_directory", Title = "Create Directory", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Create a new directory (and missing parents) or succeed silently if it exists. Only works within allowed directories.")]
    public Task<string> CreateDirectoryAsync([Description("Path of the directory to create.")] string path) =>
        GuardAsync(path, () =>
        {
            Write();
            var resolved = _guard.Resolve(path);

            _files.CreateDirectory(resolved);
            if (NativeFile.KindOf(resolved.RealPath) != FileKind.Directory)
            {
                throw ToolRefusal.Because($"'{path}' exists and is not a directory.");
            }

            return Task.FromResult($"Successfully created directory {path}");
        });

    [McpServerTool(Name = "move_file", Title = "Move File", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Move or rename a file or directory. Fails if the destination exists. Both source and destination must be within allowed directories.")]
    public Task<string> MoveFileAsync(
        [Description("Path to move.")] string source,
        [Description("New path; must not exist.")] string destination) =>
        GuardAsync(source, () =>
        {
            Write();
            var from = _guard.Resolve(source);
            var to = _guard.Resolve(destination);
            if (_guard.Roots.Contains(from.RealPath, StringComparer.Ordinal))
            {
                throw ToolRefusal.Because($"'{source}' is an allowed root and cannot be moved.");
            }

            _files.EnsureNotHardLinked(from);
            _files.Move(from, to);
            return Task.FromResult($"Successfully moved {source} to {destination}");
        });

    private static string Apply(string text, EditOperation edit, string path)
    {
        var oldText = (edit.OldText ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
        var newText = (edit.NewText ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (oldText.Length == 0)
        {
            throw ToolRefusal.Because("An edit's oldText must not be empty.");
        }

        var index = text.IndexOf(oldText, StringComparison.Ordinal);
        if (index >= 0)
        {
            return string.Concat(text.AsSpan(0, index), newText, text.AsSpan(index + oldText.Length));
        }

        // Fall back to a line match that ignores leading/trailing whitespace, as the reference server does.
        var lines = text.Split('\n');
        var wanted = oldText.Split('\n').Select(l => l.Trim()).ToArray();
        for (var i = 0; i + wanted.Length <= lines.Length; i++)
        {
            if (wanted.Select((w, k) => string.Equals(lines[i + k].Trim(), w, StringComparison.Ordinal)).All(m => m))
            {
                var replaced = lines.Take(i).Concat(newText.Split('\n')).Concat(lines.Skip(i + wanted.Length));
                return string.Join('\n', replaced);
            }
        }

        throw ToolRefusal.Because($"Could not find exact match for edit in '{path}':\n{oldText}");
    }
}
