namespace Orchestrator.Budgets;

/// <summary>
/// Receives the ledger's pools periodically (the <c>budget_pools</c> rows of the LLMOps database). Registered by the
/// LLMOps log; any number may be registered. The ledger stays the source of truth: a mirror is for reports.
/// </summary>
public interface IBudgetPoolMirror
{
    /// <summary>Writes (inserts or updates) the pools of the current periods.</summary>
    /// <param name="pools">Every pool of every scope with spend or holds in its current period.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    Task WriteBudgetPoolsAsync(IReadOnlyList<BudgetPoolSnapshot> pools, CancellationToken cancellationToken = default);
}
