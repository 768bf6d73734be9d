namespace Orchestrator.Budgets;

/// <summary>
/// Limits set at run time (through the Budget API), kept in the ledger's own store so every host sharing the ledger
/// enforces them at once and they survive a restart. They override configured limits for the same pool; removing one
/// falls back to the configured limit.
/// </summary>
public interface IBudgetLimitStore
{
    /// <summary>Sets (or replaces) the cap of a pool; <see cref="BudgetPool.Name"/> <c>*</c> sets it for everyone in the scope without a limit of their own.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="limit">The cap in US dollars per period; must be positive.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the limit is stored.</returns>
    /// <exception cref="BudgetUnavailableException">The ledger's store cannot be reached.</exception>
    Task SetLimitAsync(BudgetPool pool, decimal limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a limit set at run time; the configured limit, if any, applies again.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a limit was removed.</returns>
    Task<bool> RemoveLimitAsync(BudgetPool pool, CancellationToken cancellationToken = default);

    /// <summary>Lists every limit set at run time.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The limits.</returns>
    Task<IReadOnlyList<BudgetPoolLimit>> ListLimitsAsync(CancellationToken cancellationToken = default);
}
