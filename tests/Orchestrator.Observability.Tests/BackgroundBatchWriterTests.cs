using System.Collections.Concurrent;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

public sealed class BackgroundBatchWriterTests
{
    [Fact]
    public async Task A_full_queue_drops_and_counts_new_events_instead_of_making_the_caller_wait()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = new TaskCompletionSource();
        var stored = new ConcurrentQueue<int>();
        var logger = new CollectingLogger();
        await using var writer = new BackgroundBatchWriter<int>("test", async (batch, token) =>
        {
            await release.Task.WaitAsync(token);     // the store hangs, like a database that stopped answering
            foreach (var item in batch)
            {
                stored.Enqueue(item);
            }
        }, new BatchWriterOptions { Capacity = 5, BatchSize = 1, FlushInterval = TimeSpan.FromMilliseconds(1) }, logger);

        var accepted = Enumerable.Range(0, 50).Where(writer.TryEnqueue).ToList();

        // Every call returned while the store was stuck: at most the queue plus the one batch in the writer's hands.
        Assert.InRange(accepted.Count, 5, 6);
        Assert.Equal(50 - accepted.Count, writer.Dropped);
        Assert.Single(logger.Lines, l => l.Contains("queue is full", StringComparison.Ordinal));
        release.SetResult();
        await writer.FlushAsync(ct);
        Assert.Equal(accepted, stored.Order());
        Assert.Equal(accepted.Count, writer.Written);
    }

    [Fact]
    public async Task A_failed_batch_is_retried_whole_until_the_store_takes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var attempts = new ConcurrentQueue<int[]>();
        await using var writer = new BackgroundBatchWriter<int>("test", (batch, _) =>
        {
            attempts.Enqueue([.. batch]);
            return attempts.Count <= 2 ? Task.FromException(new IOException("connection reset")) : Task.CompletedTask;
        }, new BatchWriterOptions { BatchSize = 10, MinRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) }, new CollectingLogger());

        foreach (var i in Enumerable.Range(1, 3))
        {
            writer.TryEnqueue(i);
        }

        await writer.FlushAsync(ct);

        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, batch => Assert.Equal([1, 2, 3], batch));
        Assert.False(writer.IsFailing);
        Assert.Equal(3, writer.Written);
    }

    [Fact]
    public async Task A_batch_the_store_rejects_as_invalid_is_dropped_and_counted_so_later_events_still_flow()
    {
        var ct = TestContext.Current.CancellationToken;
        var stored = new ConcurrentQueue<int>();
        var logger = new CollectingLogger();
        await using var writer = new BackgroundBatchWriter<int>("test", (batch, _) =>
        {
            if (batch.Contains(-1))
            {
                return Task.FromException(new InvalidDataException("value out of range"));
            }

            foreach (var item in batch)
            {
                stored.Enqueue(item);
            }

            return Task.CompletedTask;
        }, new BatchWriterOptions { BatchSize = 2, MinRetryDelay = TimeSpan.FromMilliseconds(1) }, logger, isPermanentFailure: ex => ex is InvalidDataException);

        writer.TryEnqueue(-1);
        writer.TryEnqueue(1);
        await writer.FlushAsync(ct);
        writer.TryEnqueue(2);
        await writer.FlushAsync(ct);

        Assert.Equal([2], stored);
        Assert.Equal(2, writer.Dropped);
        Assert.Contains(logger.Lines, l => l.Contains("rejected a batch of 2 events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_writes_what_is_queued_without_waiting_for_the_flush_interval()
    {
        var stored = new ConcurrentQueue<int>();
        var writer = new BackgroundBatchWriter<int>("test", (batch, _) =>
        {
            foreach (var item in batch)
            {
                stored.Enqueue(item);
            }

            return Task.CompletedTask;
        }, new BatchWriterOptions { BatchSize = 100, FlushInterval = TimeSpan.FromHours(1) }, new CollectingLogger());
        foreach (var i in Enumerable.Range(1, 7))
        {
            writer.TryEnqueue(i);
        }

        await writer.DisposeAsync();

        Assert.Equal(Enumerable.Range(1, 7), stored.Order());
        Assert.False(writer.TryEnqueue(8));
    }

    [Fact]
    public async Task Dispose_during_an_outage_gives_up_after_the_shutdown_timeout_and_reports_the_loss()
    {
        var logger = new CollectingLogger();
        var writer = new BackgroundBatchWriter<int>("test", (_, _) => Task.FromException(new IOException("server closed the connection")),
            new BatchWriterOptions { MinRetryDelay = TimeSpan.FromMilliseconds(10), ShutdownTimeout = TimeSpan.FromMilliseconds(300) }, logger);
        foreach (var i in Enumerable.Range(1, 3))
        {
            writer.TryEnqueue(i);
        }

        await writer.DisposeAsync();

        Assert.Equal(3, writer.Dropped);
        Assert.Equal(0, writer.Written);
        Assert.Contains(logger.Lines, l => l.Contains("3 events unwritten", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new BackgroundBatchWriter<int>("log", (_, _) => Task.CompletedTask, new BatchWriterOptions { Capacity = 10, BatchSize = 20 }, new CollectingLogger()));

        Assert.Contains("log:BatchSize", error.Message, StringComparison.Ordinal);
    }
}
