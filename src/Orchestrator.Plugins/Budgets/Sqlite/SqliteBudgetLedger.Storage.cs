using Microsoft.Data.Sqlite;

namespace Orchestrator.Plugins.Budgets.Sqlite;

/// <summary>Schema, transactions, expiry of holds and row access.</summary>
public sealed partial class SqliteBudgetLedger
{
    // WAL with synchronous=NORMAL: a commit is not fsynced (the checkpoint is), so a process crash loses nothing and a
    // power loss may forget the last moments of spend. FULL measured ~6 ms per call on a shared VM disk (two fsyncs
    // per call), more than the provider round trip it guards; see docs/budgets.md.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        CREATE TABLE IF NOT EXISTS budget_pools(
            bucket TEXT PRIMARY KEY, spent INTEGER NOT NULL, reserved INTEGER NOT NULL,
            limit_micros INTEGER NOT NULL, alerted INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS budget_reservations(
            id TEXT PRIMARY KEY, state TEXT NOT NULL, amount INTEGER NOT NULL, pools TEXT NOT NULL,
            expires_at INTEGER NOT NULL, forget_at INTEGER NOT NULL, settled INTEGER);
        CREATE INDEX IF NOT EXISTS ix_budget_reservations_expiry ON budget_reservations(state, expires_at);
        CREATE INDEX IF NOT EXISTS ix_budget_reservations_forget ON budget_reservations(forget_at);
        CREATE TABLE IF NOT EXISTS budget_limits(pool TEXT PRIMARY KEY, limit_micros INTEGER NOT NULL);
        """;

    // Version 2: limits set at run time (above) and the expiry of unlimited pools' rows. A file made by version 1
    // gets the column; SQLite has no ADD COLUMN IF NOT EXISTS, so user_version records that it was added.
    private const string UpgradeToVersion2 = """
        ALTER TABLE budget_pools ADD COLUMN forget_at INTEGER;
        CREATE INDEX IF NOT EXISTS ix_budget_pools_forget ON budget_pools(forget_at);
        PRAGMA user_version = 2;
        """;

    private async Task<T> InTransactionAsync<T>(Func<SqliteTransaction, T> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_opened)
            {
                await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                using var create = _connection.CreateCommand();

                // The LLMOps log's SQLite schema has a reporting table of the same name (other columns): refuse its file.
                create.CommandText = "SELECT count(*) FROM pragma_table_info('budget_pools') WHERE name = 'period_start'";
                if (Convert.ToInt64(await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    await _connection.CloseAsync().ConfigureAwait(false);
                    throw new InvalidOperationException(
                        $"The SQLite file '{_connection.DataSource}' holds the LLMOps log; the budget ledger needs a file of its own (set Orchestrator:Budgets:SqlitePath to another file). Nothing was changed.");
                }

                create.CommandText = Schema;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                create.CommandText = "PRAGMA user_version";
                if (Convert.ToInt64(await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) < 2)
                {
                    using var upgrade = _connection.BeginTransaction(deferred: false);
                    create.Transaction = upgrade;
                    create.CommandText = "SELECT count(*) FROM pragma_table_info('budget_pools') WHERE name = 'forget_at'";
                    if (Convert.ToInt64(await create.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
                    {
                        create.CommandText = UpgradeToVersion2;
                        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    upgrade.Commit();
                }

                _opened = true;
            }

            // BEGIN IMMEDIATE: takes the write lock up front, so another process sharing the file waits instead of
            // reading a balance that is about to change.
            using var tx = _connection.BeginTransaction(deferred: false);
            ExpireHolds(tx, _time.GetUtcNow().ToUnixTimeMilliseconds());
            var result = operation(tx);
            tx.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void ExpireHolds(SqliteTransaction tx, long now)
    {
        var expired = new List<(string Id, long Amount, string Pools)>();
        using (var select = Command(tx, "SELECT id, amount, pools FROM budget_reservations WHERE state = 'reserved' AND expires_at <= $now", ("$now", now)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        foreach (var (id, amount, pools) in expired)
        {
            foreach (var bucket in pools.Split('\n'))
            {
                Execute(tx, "UPDATE budget_pools SET reserved = reserved - $a WHERE bucket = $b", ("$a", amount), ("$b", bucket));
            }

            Execute(tx, "UPDATE budget_reservations SET state = 'expired' WHERE id = $id", ("$id", id));
        }

        Execute(tx, "DELETE FROM budget_reservations WHERE forget_at <= $now AND state <> 'reserved'", ("$now", now));
        Execute(tx, "DELETE FROM budget_pools WHERE forget_at <= $now AND reserved = 0", ("$now", now));
    }

    private static (long Spent, long Reserved, long Limit, long Alerted) ReadPool(SqliteTransaction tx, string bucket)
    {
        using var command = Command(tx, "SELECT spent, reserved, limit_micros, alerted FROM budget_pools WHERE bucket = $b", ("$b", bucket));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) : (0, 0, 0, 0);
    }

    private static long? ReadLimit(SqliteTransaction tx, string? pool)
    {
        if (pool is null)
        {
            return null;
        }

        using var command = Command(tx, "SELECT limit_micros FROM budget_limits WHERE pool = $p", ("$p", pool));
        return command.ExecuteScalar() is long micros ? micros : null;
    }

    private static (string State, long Amount, string Pools)? ReadReservation(SqliteTransaction tx, string id)
    {
        using var command = Command(tx, "SELECT state, amount, pools FROM budget_reservations WHERE id = $id", ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    private static void Execute(SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
#pragma warning disable CA2100 // Every statement is a constant in this class; values travel only as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
