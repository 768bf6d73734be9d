using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Plugins.Budgets.Sqlite;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>
/// The embedded ledger's group commit: operations queued while the writer is busy run in one transaction, in arrival
/// order, and each caller gets its own answer. A batch is assembled deterministically by holding the file's write lock
/// from a second connection, so the writer waits in <c>BEGIN IMMEDIATE</c> while the test queues the operations.
/// </summary>
public sealed class SqliteLedgerGroupCommitTests : IAsyncDisposable
{
    private static readonly BudgetPool Alice = new(BudgetScope.User, "alice", BudgetPeriod.Daily);
    private static readonly BudgetPool Bob = new(BudgetScope.User, "bob", BudgetPeriod.Daily);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-budget-batch-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteBudgetLedger _ledger;
    private readonly List<SqliteConnection> _blockers = [];

    public SqliteLedgerGroupCommitTests() => _ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", _time, TimeZoneInfo.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_mixing_admissions_a_refusal_and_failures_answers_each_caller_in_arrival_order()
    {
        await _ledger.ListLimitsAsync(Ct);
        await using var blocker = await StallTheWriterAsync();
        await ExecuteAsync(blocker, "CREATE TRIGGER poison BEFORE INSERT ON budget_reservations WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
        var batchesBefore = _ledger.Batches;

        // Against a $1 cap, in this order: 0.6 fits; the poisoned 0.2 fails after holding (its hold must be undone);
        // 0.6 no longer fits; 0.3 fits only if the poisoned hold was undone; a settle of an unknown reservation fails.
        var first = _ledger.ReserveAsync(Hold("first", 0.6m), Ct);
        var poisoned = _ledger.ReserveAsync(Hold("poison", 0.2m), Ct);
        var refused = _ledger.ReserveAsync(Hold("refused", 0.6m), Ct);
        var last = _ledger.ReserveAsync(Hold("last", 0.3m), Ct);
        var unknown = _ledger.SettleAsync("never-reserved", 0.1m, Ct);
        Assert.Equal(5, _ledger.QueuedOperations);
        blocker.Commit();

        Assert.True((await first).Admitted);
        Assert.Contains("poisoned", (await Assert.ThrowsAsync<SqliteException>(() => poisoned)).Message, StringComparison.Ordinal);
        var refusal = await refused;
        Assert.False(refusal.Admitted);
        Assert.Equal((Alice, 1m, 0m, 0.6m), (refusal.RefusedBy, refusal.Limit, refusal.Spent, refusal.Reserved));
        Assert.True((await last).Admitted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unknown);
        Assert.Equal(1, _ledger.Batches - batchesBefore); // the five queued operations ran as one transaction
        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 0m, 0.9m), (await _ledger.GetUsageAsync([Alice], null, Ct)).Single());
        Assert.True((await _ledger.SettleAsync("first", 0.5m, Ct)).Applied);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _ledger.SettleAsync("poison", 0.1m, Ct));
    }

    [Fact]
    public async Task A_failing_batch_fails_only_its_callers_and_leaves_the_ledger_consistent()
    {
        // A hold that has expired: the next batch's sweep releases it, and a trigger makes that sweep fail.
        Assert.True((await _ledger.ReserveAsync(new BudgetReservationRequest("expiring", [new BudgetPoolLimit(Alice, 1m)], 0.5m, TimeSpan.FromSeconds(30)), Ct)).Admitted);
        _time.Advance(TimeSpan.FromSeconds(31));
        await using var blocker = await StallTheWriterAsync();
        await ExecuteAsync(blocker, "CREATE TRIGGER broken_disk BEFORE UPDATE ON budget_reservations WHEN NEW.state = 'expired' BEGIN SELECT RAISE(ABORT, 'disk says no'); END");

        Task[] failing = [_ledger.ReserveAsync(Hold("a", 0.2m), Ct), _ledger.ReserveAsync(Hold("b", 0.2m), Ct), _ledger.SettleAsync("expiring", 0.4m, Ct)];
        blocker.Commit();

        foreach (var call in failing)
        {
            Assert.Contains("disk says no", (await Assert.ThrowsAsync<SqliteException>(() => call)).Message, StringComparison.Ordinal);
        }

        await ExecuteAsync(null, "DROP TRIGGER broken_disk");

        // Nothing of the failed batch was written; the ledger goes on from where it was.
        Assert.True((await _ledger.ReserveAsync(Hold("a", 0.2m), Ct)).Admitted);
        Assert.True((await _ledger.SettleAsync("expiring", 0.4m, Ct)).Applied);
        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 0.4m, 0.2m), (await _ledger.GetUsageAsync([Alice], null, Ct)).Single());
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_is_never_run_and_the_others_are()
    {
        await _ledger.ListLimitsAsync(Ct);
        await using var blocker = await StallTheWriterAsync();
        using var giveUp = new CancellationTokenSource();
        var abandoned = _ledger.ReserveAsync(Hold("abandoned", 0.6m), giveUp.Token);
        var kept = _ledger.ReserveAsync(Hold("kept", 0.6m), Ct);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        blocker.Commit();

        Assert.True((await kept).Admitted);
        Assert.Equal(0.6m, (await _ledger.GetUsageAsync([Alice], null, Ct)).Single().Reserved);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var blocker in _blockers)
        {
            await blocker.DisposeAsync();
        }

        await _ledger.DisposeAsync();
        File.Delete(_path);
    }

    private static BudgetReservationRequest Hold(string id, decimal amount) => new(id, [new BudgetPoolLimit(Alice, 1m)], amount, TimeSpan.FromMinutes(5));

    /// <summary>
    /// Takes the file's write lock on a second connection, then makes one operation (a report on Bob, from a pool
    /// thread) the writer: it waits in <c>BEGIN IMMEDIATE</c> (the ledger's busy timeout is 5 s) with an empty queue, so
    /// everything the test calls next is queued, in call order, until the returned transaction commits. The ledger
    /// must have opened its file already.
    /// </summary>
    private async Task<SqliteTransaction> StallTheWriterAsync()
    {
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _blockers.Add(connection);
        await connection.OpenAsync(Ct);
        var blocker = connection.BeginTransaction(deferred: false);
        _ = Task.Run(() => _ledger.GetUsageAsync([Bob], null, Ct), Ct);
        while (!_ledger.IsWriting || _ledger.QueuedOperations > 0)
        {
            await Task.Delay(1, Ct);
        }

        return blocker;
    }

    private async Task ExecuteAsync(SqliteTransaction? tx, string sql)
    {
        await using var connection = tx is null ? new SqliteConnection($"Data Source={_path};Pooling=False") : null;
        if (connection is not null)
        {
            await connection.OpenAsync(Ct);
        }

        await using var command = (tx?.Connection ?? connection)!.CreateCommand();
        command.Transaction = tx;
#pragma warning disable CA2100 // The tests' own constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(Ct);
    }
}
