namespace Orchestrator.Telemetry;

/// <summary>How a <see cref="BackgroundBatchWriter{T}"/> queues, batches and retries.</summary>
public sealed class BatchWriterOptions
{
    /// <summary>Gets or sets how many items may wait in memory; past it new items are dropped and counted, never waited for.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>Gets or sets the largest batch handed to the store at once.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Gets or sets how long a partial batch may wait for more items before it is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the first delay before a failed batch is retried; it doubles per failure.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the longest delay between retries of a failed batch.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long disposal keeps trying to write what is queued before it gives up and counts it as lost.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lists what is wrong with these options, for start-up validation.</summary>
    /// <param name="path">The configuration path to name in messages.</param>
    /// <returns>The problems; empty when the options are usable.</returns>
    public IEnumerable<string> Validate(string path)
    {
        if (Capacity < 1)
        {
            yield return $"{path}:Capacity must be at least 1 (default 10000).";
        }

        if (BatchSize < 1 || BatchSize > Capacity)
        {
            yield return $"{path}:BatchSize must be between 1 and Capacity (default 500).";
        }

        if (FlushInterval <= TimeSpan.Zero || MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay || ShutdownTimeout < TimeSpan.Zero)
        {
            yield return $"{path}: FlushInterval and MinRetryDelay must be positive, MaxRetryDelay at least MinRetryDelay, ShutdownTimeout not negative.";
        }
    }
}
