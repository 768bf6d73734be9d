namespace Orchestrator.Budgets;

/// <summary>Receives budget alerts as events. Register any number as singletons; a throwing observer is logged and skipped.</summary>
public interface IBudgetAlertObserver
{
    /// <summary>Called once per pool, period and threshold crossed.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when handled.</returns>
    Task OnAlertAsync(BudgetAlert alert, CancellationToken cancellationToken = default);
}
