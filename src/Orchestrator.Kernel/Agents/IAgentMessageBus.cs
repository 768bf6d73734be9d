namespace Orchestrator.Agents;

/// <summary>
/// Carries agent messages between the agents of a group and to whoever listens (the <c>agent_messages</c> log,
/// monitors). In-process by default (<see cref="InProcessAgentMessageBus"/>); a host may put a broker behind it.
/// </summary>
public interface IAgentMessageBus
{
    /// <summary>Delivers a message to every subscriber of its run and every subscriber of all runs, in subscription order.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when every subscriber has taken it.</returns>
    ValueTask PublishAsync(AgentMessage message, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to the messages of one run, or of every run.</summary>
    /// <param name="runId">The run, or <see langword="null"/> for all.</param>
    /// <param name="handler">Called with each message; it must not block for long.</param>
    /// <returns>The subscription; dispose it to unsubscribe.</returns>
    IDisposable Subscribe(string? runId, Func<AgentMessage, CancellationToken, ValueTask> handler);
}
