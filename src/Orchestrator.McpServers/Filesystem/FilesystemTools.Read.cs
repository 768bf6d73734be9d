using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class FilesystemTools
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".bmp"] = "image/bmp", [".svg"] = "image/svg+xml", [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav", [".ogg"] = "audio/ogg", [".flac"] = "audio/flac",
    };

    [McpServerTool(Name = "read_text_file", Title = "Read Text File", ReadOnly = true, OpenWorld = false)]
    [Description("Read the complete contents of a file as text. Use 'head' or 'tail' to read only the first or last N lines. Only works within allowed directories.")]
    public Task<string> ReadTextFileAsync(
        [Description("Path of the file to read.")] string path,
        [Description("If provided, returns only the last N lines of the file")] int? tail = null,
        [Description("If provided, returns only the first N lines of the file")] int? head = null,
        CancellationToken cancellationToken = default) =>
        GuardAsync(path, async () =>
        {
            if (head is not null && tail is not null)
            {
                throw ToolRefusal.Because("Cannot specify both head and tail parameters simultaneously.");
            }

            if (head < 0 || tail < 0)
            {
                throw ToolRefusal.Because("head and tail must be zero or positive.");
            }

            Read();
            var text = await _files.ReadTextAsync(_guard.Resolve(path), cancellationToken).ConfigureAwait(false);
            if (head is null && tail is null)
            {
                return text;
            }

            var lines = text.Split('\n');
            var selected = head is int h ? lines.Take(h) : lines.TakeLast(tail!.Value);
            return string.Join('\n', selected);
        });

    [McpServerTool(Name = "read_file", Title = "Read File (Deprecated)", ReadOnly = true, OpenWorld = false)]
    [Description("Read the complete contents of a file as text. DEPRECATED: Use read_text_file instead.")]
    public Task<string> ReadFileAsync(
        [Description("Path of the file to read.")] string path,
        [Description("If provided, returns only the last N lines of the file")] int? tail = null,
        [Description("If provided, returns only the first N lines of the file")] int? head = null,
        CancellationToken cancellationToken = default) =>
        ReadTextFileAsync(path, tail, head, cancellationToken);

    [McpServerTool(Name = "read_media_file", Title = "Read Media File", ReadOnly = true, OpenWorld = false)]
    [Description("Read an image or audio file (or any file) and return it base64-encoded with its MIME type. Only works within allowed directories.")]
    public Task<AIContent> ReadMediaFileAsync(
        [Description("Path of the file to read.")] string path,
        CancellationToken cancellationToken = default) =>
        GuardAsync(path, async () =>
        {
            Read();
            var resolved = _guard.Resolve(path);
            var bytes = await _files.ReadAllBytesAsync(resolved, cancellationToken).ConfigureAwait(false);
            var mediaType = MediaTypes.GetValueOrDefault(Path.GetExtension(resolved.RealPath), "application/octet-stream");
            return (AIContent)new DataContent(bytes, mediaType);
        });

    [McpServerTool(Name = "read_multiple_files", Title = "Read Multiple Files", ReadOnly = true, OpenWorld = false)]
    [Description("Read the contents of multiple files at once. Each file's content is returned with its path; a failed read does not stop the others. Only works within allowed directories.")]
    public async Task<string> ReadMultipleFilesAsync(
        [Description("Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.")] string[] paths,
        McpServer server,
        CancellationToken cancellationToken = default)
    {
        if (paths is null || paths.Length == 0)
        {
            throw ToolRefusal.Because("'paths' must contain at least one path.");
        }

        var output = new List<string>(paths.Length);
        var total = 0L;
        foreach (var path in paths)
        {
            try
            {
                if (total > _settings.MaxFileBytes)
                {
                    throw ToolRefusal.Because($"Not read: the files before it already total over the {_settings.MaxFileBytes}-byte limit.");
                }

                var text = await ReadTextFileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                total += text.Length;
                output.Add($"{path}:\n{text}\n");
            }
            catch (ModelContextProtocol.McpException ex)
            {
                _audit.Record(new AuditEntry("filesystem", server.ClientInfo?.Name ?? "unknown-client", "read_multiple_files", $"path={path}", AuditOutcomes.Refused, ex.Message));
                output.Add($"{path}: Error - {ex.Message}");
            }
        }

        return new StringBuilder().AppendJoin("\n---\n", output).ToString();
    }
}
