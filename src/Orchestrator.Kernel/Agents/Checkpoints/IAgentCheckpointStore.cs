namespace Orchestrator.Agents;

/// <summary>Keeps the latest checkpoint of each group run, so a stopped or crashed run can be resumed.</summary>
public interface IAgentCheckpointStore
{
    /// <summary>Saves (replaces) the checkpoint of a run.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is durable.</returns>
    ValueTask SaveAsync(AgentCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Loads the latest checkpoint of a run.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when the run is unknown.</returns>
    ValueTask<AgentCheckpoint?> LoadAsync(string runId, CancellationToken cancellationToken = default);
}
