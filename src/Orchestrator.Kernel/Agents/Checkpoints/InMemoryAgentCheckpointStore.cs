using System.Collections.Concurrent;

namespace Orchestrator.Agents;

/// <summary>Checkpoints in this process's memory: resumable while the process lives (the default).</summary>
public sealed class InMemoryAgentCheckpointStore : IAgentCheckpointStore
{
    private readonly ConcurrentDictionary<string, AgentCheckpoint> _checkpoints = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask SaveAsync(AgentCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _checkpoints[checkpoint.RunId] = checkpoint;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<AgentCheckpoint?> LoadAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return ValueTask.FromResult(_checkpoints.TryGetValue(runId, out var checkpoint) ? checkpoint : null);
    }
}
