namespace Orchestrator.Budgets;

/// <summary>
/// Names the user and team on the current async flow, for calls whose options do not carry them (a kernel function,
/// an agent turn). The budget kernel filter sets it from the kernel arguments <c>user_id</c> and <c>team_id</c>.
/// </summary>
public static class BudgetContext
{
    private static readonly AsyncLocal<BudgetSubject?> CurrentSubject = new();

    /// <summary>Gets the subject on this async flow, if any.</summary>
    public static BudgetSubject? Current => CurrentSubject.Value;

    /// <summary>Sets the user and team for everything called until the returned scope is disposed.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="teamId">The team.</param>
    /// <returns>A scope that restores the previous subject.</returns>
    public static IDisposable Use(string? userId, string? teamId)
    {
        var previous = CurrentSubject.Value;
        CurrentSubject.Value = new BudgetSubject(userId, teamId, null);
        return new Restore(previous);
    }

    private sealed class Restore(BudgetSubject? previous) : IDisposable
    {
        public void Dispose() => CurrentSubject.Value = previous;
    }
}
