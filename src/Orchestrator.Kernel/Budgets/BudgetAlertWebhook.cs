using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Budgets;

/// <summary>
/// Delivers alerts to the configured webhook as JSON POSTs, off the call path: alerts are queued (bounded; past the
/// bound the newest is dropped and logged) and one background loop posts each with a per-attempt timeout, retrying
/// failures with exponential backoff, then gives up with an error log. A slow or dead webhook never delays or fails
/// a model call. Disposal delivers what is queued, within one attempt timeout per alert.
/// </summary>
internal sealed class BudgetAlertWebhook : IAsyncDisposable
{
    private const int Capacity = 1_000;
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly BudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<BudgetAlert> _queue = Channel.CreateBounded<BudgetAlert>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public BudgetAlertWebhook(Uri url, BudgetOptions options, TimeProvider time, ILogger logger)
    {
        _url = url;
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(BudgetAlert alert)
    {
        if (!_queue.Writer.TryWrite(alert))
        {
            BudgetLog.WebhookDropped(_logger, alert.Pool, alert.ThresholdPercent, Capacity);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // Let what is queued go out; a webhook that keeps failing is not waited for beyond one attempt per alert.
        _stopping.CancelAfter(TimeSpan.FromSeconds(_options.AlertWebhookTimeoutSeconds * Math.Max(1, _queue.Reader.Count)));
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await DeliverAsync(alert).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(BudgetAlert alert)
    {
        var delay = TimeSpan.FromSeconds(_options.AlertWebhookRetryDelaySeconds);
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.AlertWebhookTimeoutSeconds));
            try
            {
                using var response = await _http.PostAsJsonAsync(_url, alert, timeout.Token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                if (attempt >= _options.AlertWebhookAttempts || _stopping.IsCancellationRequested)
                {
                    BudgetLog.WebhookGaveUp(_logger, alert.Pool, alert.ThresholdPercent, attempt, ex);
                    return;
                }

                BudgetLog.WebhookRetrying(_logger, alert.Pool, alert.ThresholdPercent, attempt, delay.TotalSeconds, ex);
            }

            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                BudgetLog.WebhookGaveUp(_logger, alert.Pool, alert.ThresholdPercent, attempt, null);
                return;
            }

            delay *= 2;
        }
    }
}
