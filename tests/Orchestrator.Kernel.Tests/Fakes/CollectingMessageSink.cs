using System.Collections.Concurrent;
using Orchestrator.Telemetry;

namespace Orchestrator.Kernel.Tests.Fakes;

internal sealed class CollectingMessageSink : IAgentMessageSink
{
    public ConcurrentQueue<AgentMessageRecord> Records { get; } = new();

    public ValueTask RecordAsync(AgentMessageRecord record, CancellationToken cancellationToken = default)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
