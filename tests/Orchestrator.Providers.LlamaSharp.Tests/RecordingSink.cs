using System.Collections.Concurrent;
using Orchestrator.Telemetry;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>Keeps every invocation record Orchestrator writes, so a test can read what was metered.</summary>
public sealed class RecordingSink : IInvocationSink
{
    public ConcurrentQueue<InvocationRecord> Records { get; } = new();

    public ValueTask RecordAsync(InvocationRecord record, CancellationToken cancellationToken = default)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
