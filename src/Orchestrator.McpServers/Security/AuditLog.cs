using System.Text.Json;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// Records every tool call (who, what, target, outcome) as one JSON line in an append-only file and in the log.
/// The file is the evidence a reviewer reads after an incident, so a write failure is logged, never swallowed silently.
/// </summary>
internal sealed partial class AuditLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter? _writer;
    private readonly ILogger<AuditLog> _logger;
    private readonly TimeProvider _time;

    public AuditLog(AuditLogSettings settings, ILogger<AuditLog> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        if (!string.IsNullOrWhiteSpace(settings.Path))
        {
            var full = Path.GetFullPath(settings.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _writer = new StreamWriter(stream) { AutoFlush = true };
        }
    }

    public void Record(AuditEntry entry)
    {
        var line = JsonSerializer.Serialize(new
        {
            ts = _time.GetUtcNow(),
            server = entry.Server,
            who = entry.Who,
            tool = entry.Tool,
            target = entry.Target,
            outcome = entry.Outcome,
            detail = entry.Detail,
        });
        if (string.Equals(entry.Outcome, AuditOutcomes.Success, StringComparison.Ordinal))
        {
            LogAllowed(_logger, entry.Server, entry.Who, entry.Tool, entry.Target);
        }
        else
        {
            LogRefused(_logger, entry.Server, entry.Who, entry.Tool, entry.Target, entry.Outcome, entry.Detail);
        }

        if (_writer is null)
        {
            return;
        }

        try
        {
            lock (_gate)
            {
                _writer.WriteLine(line);
            }
        }
        catch (IOException ex)
        {
            LogWriteFailed(_logger, ex);
        }
    }

    public void Dispose() => _writer?.Dispose();

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "audit {Server} {Who} {Tool} {Target}: ok")]
    private static partial void LogAllowed(ILogger logger, string server, string who, string tool, string target);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "audit {Server} {Who} {Tool} {Target}: {Outcome} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string server, string who, string tool, string target, string outcome, string? detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Could not append to the audit log")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
