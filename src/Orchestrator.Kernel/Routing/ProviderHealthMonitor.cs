using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Providers;

namespace Orchestrator.Routing;

/// <summary>
/// Probes every enabled provider in the background and caches the results for <see cref="RoutingOptions.HealthCacheSeconds"/>.
/// The router only reads the cache: a health check never runs on the request path. A provider never probed yet, or
/// whose last result has expired, counts as usable (the circuit breaker covers it meanwhile).
/// </summary>
public sealed partial class ProviderHealthMonitor : IDisposable
{
    private readonly ProviderRegistry _registry;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ProviderHealth> _results = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private long _refreshes;

    internal ProviderHealthMonitor(ProviderRegistry registry, RoutingOptions options, TimeProvider time, ILogger<ProviderHealthMonitor> logger)
    {
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets how many refresh rounds have completed.</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>Gets the cached health of a provider, or <see langword="null"/> when it has not been probed.</summary>
    /// <param name="provider">The provider name.</param>
    /// <returns>The last result.</returns>
    public ProviderHealth? Get(string provider) => _results.TryGetValue(provider, out var health) ? health : null;

    /// <summary>Starts the background refresh loop once; later calls do nothing.</summary>
    public void EnsureStarted()
    {
        if (!_options.HealthChecks || _loop is not null)
        {
            return;
        }

        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>Probes every enabled provider now, in parallel, and replaces the cached results.</summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    /// <returns>A task that completes when every probe has answered.</returns>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var probes = _registry.Providers.Where(p => p.Enabled).Select(async provider =>
        {
            var health = await _registry.CheckHealthAsync(provider.Name, cancellationToken).ConfigureAwait(false);
            var previous = Get(provider.Name);
            _results[provider.Name] = health;
            if (previous is null || previous.IsHealthy != health.IsHealthy)
            {
                LogHealthChanged(_logger, provider.Name, health.IsHealthy, health.Detail);
            }
        });
        await Task.WhenAll(probes).ConfigureAwait(false);
        Interlocked.Increment(ref _refreshes);
    }

    /// <summary>Records that a real call to the provider succeeded, which proves it healthy until the next probe.</summary>
    /// <param name="provider">The provider name.</param>
    public void ReportSuccess(string provider)
    {
        if (_results.TryGetValue(provider, out var health) && !health.IsHealthy)
        {
            _results[provider] = new ProviderHealth(true, "a routed call succeeded", TimeSpan.Zero, _time.GetUtcNow());
        }
    }

    /// <summary>Tells whether the router should skip a provider, and why.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="reason">The reason, when skipped.</param>
    /// <returns><see langword="true"/> when the provider's fresh health result is unhealthy.</returns>
    public bool ShouldSkip(string provider, out string reason)
    {
        reason = string.Empty;
        if (!_options.HealthChecks || Get(provider) is not { IsHealthy: false } health)
        {
            return false;
        }

        if (_time.GetUtcNow() - health.CheckedAt > TimeSpan.FromSeconds(_options.HealthCacheSeconds) * 2)
        {
            return false; // The refresh loop is behind; a stale verdict must not ban a provider forever.
        }

        reason = $"unhealthy at the last probe ({health.Detail})";
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _options.HealthCacheSeconds)), _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            LogLoopFailed(_logger, ex);
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Provider {Provider} health: {Healthy} ({Detail})")]
    private static partial void LogHealthChanged(ILogger logger, string provider, bool healthy, string detail);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "The health refresh loop stopped")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
