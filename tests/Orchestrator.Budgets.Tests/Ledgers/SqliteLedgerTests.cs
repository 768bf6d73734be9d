using Orchestrator.Plugins.Budgets.Sqlite;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The conformance suite on the embedded ledger, in a SQLite file per test.</summary>
public sealed class SqliteLedgerTests : BudgetLedgerConformance
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-budget-{Guid.NewGuid():N}.db");
    private readonly SqliteBudgetLedger _ledger;

    public SqliteLedgerTests() => _ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);

    protected override IBudgetLedger Ledger => _ledger;

    [Fact]
    public async Task Spend_survives_a_restart_of_the_host()
    {
        var request = Request(0.4m, new BudgetPoolLimit(Alice, 1m));
        await _ledger.ReserveAsync(request, Ct);
        await _ledger.SettleAsync(request.ReservationId, 0.4m, Ct);
        await _ledger.DisposeAsync();

        await using var reopened = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);

        Assert.Equal(0.4m, (await reopened.GetUsageAsync([Alice], null, Ct)).Single().Spent);
    }

    public override async ValueTask DisposeAsync()
    {
        await _ledger.DisposeAsync();
        File.Delete(_path);
        await base.DisposeAsync();
    }
}
