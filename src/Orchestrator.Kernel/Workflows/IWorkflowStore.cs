using Orchestrator.Agents;

namespace Orchestrator.Workflows;

/// <summary>
/// Workflow versions and runs in the LLMOps store (<c>workflow_versions</c>, <c>workflow_runs</c>; PostgreSQL or SQLite).
/// </summary>
public interface IWorkflowStore : IWorkflowRunSink
{
    /// <summary>
    /// Stores a definition as a new version unless an identical one (same content hash) is stored already, in which case
    /// that version is returned. The first version of a workflow takes all traffic; later ones start with none, so a
    /// change takes traffic only when an experiment gives it some (<see cref="SetTrafficAsync"/>).
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="description">A note on what changed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The version and whether it was created.</returns>
    Task<WorkflowRegistration> RegisterAsync(WorkflowDefinition definition, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the versions of a workflow, oldest first.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions.</returns>
    Task<IReadOnlyList<WorkflowVersion>> ListVersionsAsync(string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Lists the workflow ids that have versions.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids, sorted.</returns>
    Task<IReadOnlyList<string>> ListWorkflowsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the experiment weights of a workflow: the named versions get their weight and are active, the others get 0 and are inactive.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="weights">Weight per version, each 0-1.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    /// <exception cref="KeyNotFoundException">A named version does not exist.</exception>
    Task SetTrafficAsync(string workflowId, IReadOnlyDictionary<string, double> weights, CancellationToken cancellationToken = default);

    /// <summary>Reads the runs of a workflow started at or after <paramref name="since"/>.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="since">The earliest start, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs, oldest first.</returns>
    Task<IReadOnlyList<WorkflowRunRecord>> ListRunsAsync(string workflowId, DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}
