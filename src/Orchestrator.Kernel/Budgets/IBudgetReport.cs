namespace Orchestrator.Budgets;

/// <summary>Lists the pools of one scope and period that have spend, for reports (top spenders, utilization, tier costs).</summary>
public interface IBudgetReport
{
    /// <summary>Lists every pool of <paramref name="scope"/> and <paramref name="period"/> with spend or holds in the period containing <paramref name="at"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="period">The period kind.</param>
    /// <param name="at">An instant in the period; now when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pools' usage, in no particular order.</returns>
    Task<IReadOnlyList<BudgetPoolUsage>> ListUsageAsync(BudgetScope scope, BudgetPeriod period, DateTimeOffset? at = null, CancellationToken cancellationToken = default);
}
