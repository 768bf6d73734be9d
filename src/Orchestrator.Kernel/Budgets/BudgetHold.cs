namespace Orchestrator.Budgets;

/// <summary>A call's admitted reservation, to settle or release when the call ends.</summary>
public sealed class BudgetHold
{
    internal BudgetHold(string id, decimal amount, IBudgetLedger? ledger)
    {
        Id = id;
        Amount = amount;
        Ledger = ledger;
    }

    /// <summary>Gets the reservation id (the idempotency key).</summary>
    public string Id { get; }

    /// <summary>Gets the amount held, in US dollars.</summary>
    public decimal Amount { get; }

    /// <summary>Gets a value indicating whether no pool applied, so nothing was held.</summary>
    public bool IsEmpty => Ledger is null;

    /// <summary>Gets the ledger that holds it (the local limiter when the shared one failed open).</summary>
    internal IBudgetLedger? Ledger { get; }
}
