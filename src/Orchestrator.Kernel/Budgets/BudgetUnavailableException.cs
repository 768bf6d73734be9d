namespace Orchestrator.Budgets;

/// <summary>
/// The budget ledger's store cannot be reached, so spend cannot be checked. Calls are refused (fail closed) unless
/// <c>Orchestrator:Budgets:FailOpen</c> allows a local limiter.
/// </summary>
public sealed class BudgetUnavailableException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="BudgetUnavailableException"/> class.</summary>
    /// <param name="message">What could not be reached and what to do.</param>
    /// <param name="innerException">The store's failure.</param>
    public BudgetUnavailableException(string message, Exception? innerException)
        : base(message, innerException ?? new InvalidOperationException(message))
    {
    }
}
