namespace Orchestrator.Telemetry;

/// <summary>Receives every message between agents. Like <see cref="IInvocationSink"/>, it must only enqueue.</summary>
public interface IAgentMessageSink
{
    /// <summary>Records one message.</summary>
    /// <param name="record">The message.</param>
    /// <param name="cancellationToken">Cancels the hand-off.</param>
    /// <returns>A task that completes when the message is accepted (not necessarily stored).</returns>
    ValueTask RecordAsync(AgentMessageRecord record, CancellationToken cancellationToken = default);
}
