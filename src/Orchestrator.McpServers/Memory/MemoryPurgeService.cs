
namespace Orchestrator.McpServers.Memory;

/// <summary>Deletes expired records on a timer, so expiry does not depend on anyone reading them.</summary>
internal sealed partial class MemoryPurgeService : BackgroundService
{
    private readonly MemoryStore _store;
    private readonly MemorySettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryPurgeService> _logger;

    public MemoryPurgeService(MemoryStore store, MemorySettings settings, TimeProvider time, ILogger<MemoryPurgeService> logger)
    {
        _store = store;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.PurgeInterval, _time);
        do
        {
            try
            {
                var purged = await _store.PurgeExpiredAsync(stoppingToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    LogPurged(_logger, purged);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The loop must survive a transient I/O error; the next tick retries.
                LogPurgeFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Purged {Count} expired memory records")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 311, Level = LogLevel.Error, Message = "Purging expired memory records failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
