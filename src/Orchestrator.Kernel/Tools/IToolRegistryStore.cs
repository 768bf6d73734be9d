namespace Orchestrator.Tools;

/// <summary>Persists the tool registry (the <c>tool_registry</c> table of the LLMOps store, PostgreSQL or SQLite).</summary>
public interface IToolRegistryStore
{
    /// <summary>Inserts or updates the tools, by name.</summary>
    /// <param name="tools">The tools.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    Task UpsertAsync(IReadOnlyList<ToolDescriptor> tools, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored tool.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tools, by name.</returns>
    Task<IReadOnlyList<ToolDescriptor>> ListAsync(CancellationToken cancellationToken = default);
}
