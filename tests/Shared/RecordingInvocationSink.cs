using System.Collections.Concurrent;
using Orchestrator.Telemetry;

namespace Orchestrator.Testing.Telemetry;

/// <summary>
/// An <see cref="IInvocationSink"/> that keeps every invocation record Orchestrator writes, in order, so a test can
/// read what was metered (usage, cost, status, error kind). Register it as a singleton <see cref="IInvocationSink"/>.
/// </summary>
public sealed class RecordingInvocationSink : IInvocationSink
{
    /// <summary>Gets the records received so far, oldest first.</summary>
    public ConcurrentQueue<InvocationRecord> Records { get; } = new();

    /// <inheritdoc/>
    public ValueTask RecordAsync(InvocationRecord record, CancellationToken cancellationToken = default)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
