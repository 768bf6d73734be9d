namespace Orchestrator.Budgets;

/// <summary>
/// Carries a budget stop from the auto-function-invocation filter out to the kernel function that started the tool
/// loop. The loop itself (M.E.AI's function-invoking client under SK) turns any exception a tool filter throws into an
/// error result for the model and carries on, so the filter terminates the loop instead and the outer function filter
/// rethrows what it recorded here.
/// </summary>
internal sealed class BudgetLoopStop
{
    private static readonly AsyncLocal<BudgetLoopStop?> CurrentStop = new();

    private BudgetLoopStop(BudgetLoopStop? previous) => Previous = previous;

    /// <summary>Gets the stop of the innermost kernel function on this async flow, if any.</summary>
    public static BudgetLoopStop? Current => CurrentStop.Value;

    /// <summary>Gets why the loop was stopped, or <see langword="null"/> while it was not.</summary>
    public BudgetExceededException? Reason { get; private set; }

    private BudgetLoopStop? Previous { get; }

    /// <summary>Starts a stop scope for one kernel function; dispose it to restore the outer one.</summary>
    /// <returns>The new scope.</returns>
    public static BudgetLoopStop Enter()
    {
        var stop = new BudgetLoopStop(CurrentStop.Value);
        CurrentStop.Value = stop;
        return stop;
    }

    /// <summary>Records why the loop stopped; the first reason wins.</summary>
    /// <param name="reason">The exhausted pool.</param>
    public void Record(BudgetExceededException reason) => Reason ??= reason;

    /// <summary>Restores the outer scope.</summary>
    public void Exit() => CurrentStop.Value = Previous;
}
