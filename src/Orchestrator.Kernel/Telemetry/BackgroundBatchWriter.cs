using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Telemetry;

/// <summary>
/// Takes events off the hot path: <see cref="TryEnqueue"/> only writes into a bounded in-memory channel and never
/// blocks; one background loop groups them into batches and hands each to a store. A failing store (a database
/// outage) is retried with exponential backoff, the batch kept, while new events queue up to the capacity and past it
/// are dropped and counted. Delivery is at least once: a batch whose commit was not acknowledged is sent again, so
/// stores de-duplicate by the event's key (the invocation's request id).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class BackgroundBatchWriter<T> : IAsyncDisposable
{
    private readonly Channel<T> _channel;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _store;
    private readonly Func<Exception, bool> _isPermanent;
    private readonly BatchWriterOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Task _loop;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _enqueued;
    private long _processed;
    private long _droppedCount;
    private long _writtenCount;
    private int _outage;
    private int _dropReported;
    private int _disposed;

    /// <summary>Starts the background loop.</summary>
    /// <param name="name">The log's name, used in log lines and as the <c>log</c> metric tag.</param>
    /// <param name="store">Writes one batch; throws when the store is unavailable (the batch is then retried).</param>
    /// <param name="options">Queue, batch and retry settings.</param>
    /// <param name="logger">Receives outage, recovery and drop reports.</param>
    /// <param name="meterFactory">Creates the <see cref="OrchestratorTelemetry.SourceName"/> meter; a private one when null.</param>
    /// <param name="time">The clock for batching and backoff delays.</param>
    /// <param name="isPermanentFailure">
    /// Tells a failure no retry can fix (the store rejected the data itself); such a batch is dropped, counted and
    /// logged instead of blocking the log for ever. Every failure is retried when null.
    /// </param>
    public BackgroundBatchWriter(string name, Func<IReadOnlyList<T>, CancellationToken, Task> store, BatchWriterOptions options, ILogger logger, IMeterFactory? meterFactory = null, TimeProvider? time = null, Func<Exception, bool>? isPermanentFailure = null)
    {
        _isPermanent = isPermanentFailure ?? (static _ => false);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate(name).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        Name = name;
        _store = store;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(options.Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _tag = new("log", name);
        _meter = meterFactory?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _dropped = _meter.CreateCounter<long>(LlmOpsMetricNames.LogDropped, "{event}", "Events dropped because the log queue was full.");
        _written = _meter.CreateCounter<long>(LlmOpsMetricNames.LogWritten, "{event}", "Events written to the log store.");
        _failures = _meter.CreateCounter<long>(LlmOpsMetricNames.LogWriteFailures, "{batch}", "Failed batch writes, retries included.");
        _meter.CreateObservableGauge(LlmOpsMetricNames.LogQueueDepth, () => new Measurement<long>(Pending, _tag), "{event}", "Events waiting to be written.");
        _meter.CreateObservableGauge(LlmOpsMetricNames.LogOutage, () => new Measurement<int>(Volatile.Read(ref _outage), _tag), description: "1 while the log store is failing.");
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets the log's name.</summary>
    public string Name { get; }

    /// <summary>Gets how many events were dropped because the queue was full (or lost at shutdown).</summary>
    public long Dropped => Interlocked.Read(ref _droppedCount);

    /// <summary>Gets how many events the store accepted.</summary>
    public long Written => Interlocked.Read(ref _writtenCount);

    /// <summary>Gets how many accepted events are not yet written.</summary>
    public long Pending => Interlocked.Read(ref _enqueued) - Interlocked.Read(ref _processed);

    /// <summary>Gets a value indicating whether the last write attempt failed (an outage is in progress).</summary>
    public bool IsFailing => Volatile.Read(ref _outage) == 1;

    /// <summary>Queues an event without waiting; when the queue is full the event is dropped and counted.</summary>
    /// <param name="item">The event.</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when dropped.</returns>
    public bool TryEnqueue(T item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _enqueued);
            return true;
        }

        var dropped = Interlocked.Increment(ref _droppedCount);
        _dropped.Add(1, _tag);
        if (Interlocked.Exchange(ref _dropReported, 1) == 0)
        {
            // One line per episode (until the store takes a batch again), not one per event: a full queue can mean
            // thousands of drops a second. The metric counts every one.
            BatchWriterLog.QueueFull(_logger, Name, _options.Capacity, dropped);
        }

        return false;
    }

    /// <summary>Waits until every event queued before the call is written (or dropped at shutdown).</summary>
    /// <param name="cancellationToken">Stops waiting; the events stay queued.</param>
    /// <returns>A task that completes when they are written.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _enqueued);
        while (true)
        {
            // Take the signal before checking: a batch finishing in between then completes the signal we wait on.
            var progress = Volatile.Read(ref _progress).Task;
            if (Interlocked.Read(ref _processed) >= target || _loop.IsCompleted)
            {
                return;
            }

            _wake.Release();
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting events, writes what is queued (up to the shutdown timeout) and stops the loop.</summary>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _channel.Writer.TryComplete();
        _wake.Release();
        _stopping.CancelAfter(_options.ShutdownTimeout);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _wake.Dispose();
        _meter.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<T>(_options.BatchSize);
        var started = _time.GetTimestamp();
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                Drain(reader, batch);
                if (batch.Count < _options.BatchSize && !reader.Completion.IsCompleted)
                {
                    // A partial batch waits a little for company; a flush or shutdown wakes it early.
                    await _wake.WaitAsync(_options.FlushInterval, _stopping.Token).ConfigureAwait(false);
                    Drain(reader, batch);
                }

                await WriteAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutdown timed out while the store was still failing: what is left is lost, and said so.
            while (reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var lost = batch.Count;
            Interlocked.Add(ref _droppedCount, lost);
            Interlocked.Add(ref _processed, lost);
            _dropped.Add(lost, _tag);
            BatchWriterLog.LostAtShutdown(_logger, Name, lost, _time.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            Volatile.Read(ref _progress).TrySetResult();
        }
    }

    private void Drain(ChannelReader<T> reader, List<T> batch)
    {
        while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
        {
            batch.Add(item);
        }
    }

    private async Task WriteAsync(List<T> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var failures = 0;
        var outageStarted = 0L;
        while (true)
        {
            try
            {
                await _store(batch, _stopping.Token).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested && _isPermanent(ex))
            {
                // Retrying data the store refuses would stall every later event behind it.
                Interlocked.Add(ref _droppedCount, batch.Count);
                Interlocked.Add(ref _processed, batch.Count);
                _dropped.Add(batch.Count, _tag);
                _failures.Add(1, _tag);
                BatchWriterLog.Rejected(_logger, Name, batch.Count, ex);
                Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Any store failure (network, server down, disk) keeps the batch and retries: losing logs silently is worse.
                failures++;
                outageStarted = failures == 1 ? _time.GetTimestamp() : outageStarted;
                _failures.Add(1, _tag);
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.MinRetryDelay.Ticks << Math.Min(failures - 1, 20)));
                BatchWriterLog.Outage(_logger, Name, failures, batch.Count, delay.TotalMilliseconds, ex);

                // Raised after the log line, so whoever sees IsFailing can already read why.
                Volatile.Write(ref _outage, 1);
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
        }

        if (failures > 0)
        {
            Volatile.Write(ref _outage, 0);
            BatchWriterLog.Recovered(_logger, Name, failures, _time.GetElapsedTime(outageStarted).TotalSeconds);
        }

        Volatile.Write(ref _dropReported, 0);
        Interlocked.Add(ref _writtenCount, batch.Count);
        Interlocked.Add(ref _processed, batch.Count);
        _written.Add(batch.Count, _tag);
        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
