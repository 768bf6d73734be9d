using System.Collections.Concurrent;
using Orchestrator.Telemetry;

namespace Orchestrator.Kernel.Tests.Fakes;

internal sealed class CollectingSink : IInvocationSink
{
    public ConcurrentQueue<InvocationRecord> Records { get; } = new();

    public ValueTask RecordAsync(InvocationRecord record, CancellationToken cancellationToken = default)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
