namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The conformance suite on the per-host limiter the gate falls back to when FailOpen is on.</summary>
public sealed class LocalLedgerTests : BudgetLedgerConformance
{
    public LocalLedgerTests() => Ledger = new LocalBudgetLedger(Time, TimeZoneInfo.Utc);

    protected override IBudgetLedger Ledger { get; }

    protected override IBudgetLedger CreateLedger(TimeZoneInfo zone, TimeProvider time) => new LocalBudgetLedger(time, zone);
}
