using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents;

/// <summary>
/// The in-process bus: delivery is a direct call of each subscriber, in order, on the publisher's flow. A subscriber that
/// throws is logged and skipped, so one failing listener (a log sink) cannot stop a run or starve the others.
/// </summary>
public sealed class InProcessAgentMessageBus : IAgentMessageBus
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private Subscription[] _subscriptions = [];

    /// <summary>Initializes the bus.</summary>
    /// <param name="logger">Receives subscriber failures.</param>
    public InProcessAgentMessageBus(ILogger<InProcessAgentMessageBus>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public async ValueTask PublishAsync(AgentMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.RunId is not null && !string.Equals(subscription.RunId, message.RunId, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await subscription.Handler(message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                AgentsLog.SubscriberFailed(_logger, message.RunId, message.Id, ex);
            }
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(string? runId, Func<AgentMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, runId, handler);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription(InProcessAgentMessageBus bus, string? runId, Func<AgentMessage, CancellationToken, ValueTask> handler) : IDisposable
    {
        public string? RunId { get; } = runId;

        public Func<AgentMessage, CancellationToken, ValueTask> Handler { get; } = handler;

        public void Dispose() => bus.Remove(this);
    }
}
