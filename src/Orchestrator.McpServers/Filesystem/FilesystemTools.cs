using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>
/// The filesystem tools, named and shaped like the reference filesystem server so its clients work unchanged.
/// Split by concern: reads, writes, browsing. Every path argument goes through <see cref="PathGuard"/>.
/// </summary>
[McpServerToolType]
internal sealed partial class FilesystemTools
{
    private const string ReadOperation = "read";
    private const string WriteOperation = "write";
    private readonly PathGuard _guard;
    private readonly SecureFileAccess _files;
    private readonly RateLimiter _limiter;
    private readonly FilesystemSettings _settings;
    private readonly AuditLog _audit;

    public FilesystemTools(PathGuard guard, SecureFileAccess files, RateLimiter limiter, FilesystemSettings settings, AuditLog audit)
    {
        _guard = guard;
        _files = files;
        _limiter = limiter;
        _settings = settings;
        _audit = audit;
    }

    [McpServerTool(Name = "list_allowed_directories", Title = "List Allowed Directories", ReadOnly = true, OpenWorld = false)]
    [Description("Returns the list of directories that this server is allowed to access. Subdirectories within these allowed directories are also accessible.")]
    public string ListAllowedDirectories() => $"Allowed directories:\n{string.Join('\n', _guard.Roots)}";

    private void Read() => _limiter.Acquire(ReadOperation, _settings.ReadsPerMinute);

    private void Write() => _limiter.Acquire(WriteOperation, _settings.WritesPerMinute);

    /// <summary>Runs a tool body and turns host exceptions into messages that name only the client's own path.</summary>
    private static async Task<T> GuardAsync<T>(string? requested, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (McpException)
        {
            throw;
        }
        catch (FileChangedException ex)
        {
            throw ToolRefusal.Because($"Access denied: '{requested}' {ex.Message}.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ToolRefusal.Because($"'{requested}' does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            throw ToolRefusal.Because($"Permission denied for '{requested}'.");
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            throw ToolRefusal.Because($"I/O error on '{requested}': the operation could not be completed.");
        }
    }
}
