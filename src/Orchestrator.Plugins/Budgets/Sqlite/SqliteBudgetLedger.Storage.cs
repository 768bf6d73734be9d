using Microsoft.Data.Sqlite;

namespace Orchestrator.Plugins.Budgets.Sqlite;

/// <summary>Schema, transactions, expiry of holds and row access.</summary>
public sealed partial class SqliteBudgetLedger
{
    // WAL with synchronous=NORMAL: a commit is not fsynced (the checkpoint is), so a process crash loses nothing and a
    // power loss may forget the spend since the last checkpoint. FULL measured ~6 ms per call on a shared VM disk (two
    // fsyncs per call), more than the provider round trip it guards; see docs/budgets.md. SQLite's default checkpoint
    // every 1,000 WAL pages ran ~20 times a second under load (a call writes ~10 pages), each with two fsyncs under the
    // ledger's lock; 10,000 pages, plus a checkpoint at most CheckpointInterval after a commit, keeps the fsyncs rare
    // under load and bounds the spend a power loss can forget to that interval when the load is light.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        PRAGMA wal_autocheckpoint = 10000;
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

    private void Open()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            _connection.Open();
        }

        using var create = _connection.CreateCommand();

        // The LLMOps log's SQLite schema has a reporting table of the same name (other columns): refuse its file.
        create.CommandText = "SELECT count(*) FROM pragma_table_info('budget_pools') WHERE name = 'period_start'";
        if (Convert.ToInt64(create.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            _connection.Close();
            throw new InvalidOperationException(
                $"The SQLite file '{_connection.DataSource}' holds the LLMOps log; the budget ledger needs a file of its own (set Orchestrator:Budgets:SqlitePath to another file). Nothing was changed.");
        }

        create.CommandText = Schema;
        create.ExecuteNonQuery();
        create.CommandText = "PRAGMA user_version";
        if (Convert.ToInt64(create.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) < 2)
        {
            using var upgrade = _connection.BeginTransaction(deferred: false);
            create.Transaction = upgrade;
            create.CommandText = "SELECT count(*) FROM pragma_table_info('budget_pools') WHERE name = 'forget_at'";
            if (Convert.ToInt64(create.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                create.CommandText = UpgradeToVersion2;
                create.ExecuteNonQuery();
            }

            upgrade.Commit();
        }

        _statements = new Statements(_connection);
    }

    /// <summary>
    /// Releases expired holds and forgets old rows. Runs at most once per <see cref="SweepInterval"/> on the request path,
    /// and always before a refusal and before a report, so a hold that has expired never refuses a call nor shows as held.
    /// A hold that expired but was not swept yet is settled exactly as a swept one: its amount leaves <c>reserved</c> once.
    /// </summary>
    private void Sweep(SqliteTransaction tx, long now)
    {
        var statements = _statements!;
        var expired = new List<(long Amount, string Pools)>();
        using (var reader = statements.ExpireHolds.Bind(tx, now).ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var (amount, pools) in expired)
        {
            statements.ReleaseHeld.Bind(tx, amount, JsonArray(pools.Split('\n'))).ExecuteNonQuery();
        }

        statements.ForgetReservations.Bind(tx, now).ExecuteNonQuery();
        statements.ForgetPools.Bind(tx, now).ExecuteNonQuery();
        _sweptInTransaction = true;
    }

    private static (string State, long Amount, string Pools)? ReadReservation(Statements statements, SqliteTransaction tx, string id)
    {
        using var reader = statements.FindReservation.Bind(tx, id).ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    /// <summary>A JSON array of strings, for <c>json_each</c>: one statement for every pool of a call.</summary>
    private static string JsonArray(IEnumerable<string?> values) => Json(values, static (writer, values) =>
    {
        foreach (var value in values)
        {
            if (value is not null)
            {
                writer.WriteStringValue(value);
            }
        }
    });

    /// <summary>A JSON array whose items <paramref name="writeItems"/> writes, as the text SQLite's JSON functions read.</summary>
    private static string Json<TState>(TState state, Action<System.Text.Json.Utf8JsonWriter, TState> writeItems)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writeItems(writer, state);
            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Every statement of the ledger, prepared once on its connection; an operation binds new values. Statements that
    /// touch every pool of a call take the pools as one JSON array (<c>json_each</c>), so a call is a handful of
    /// statements whatever its number of pools.
    /// </summary>
    private sealed class Statements(SqliteConnection connection) : IDisposable
    {
        public Statement FindReservation { get; } = new(connection, "SELECT state, amount, pools FROM budget_reservations WHERE id = $id", "$id");

        public Statement ReadLimits { get; } = new(connection, "SELECT pool, limit_micros FROM budget_limits WHERE pool IN (SELECT value FROM json_each($ids))", "$ids");

        public Statement ReadPool { get; } = new(connection, "SELECT spent, reserved FROM budget_pools WHERE bucket = $b", "$b");

        // Rows: [bucket, cap or null, forget_at or null]. "WHERE true" lets SQLite parse ON CONFLICT after a SELECT.
        public Statement HoldInPools { get; } = new(connection, """
            INSERT INTO budget_pools(bucket, spent, reserved, limit_micros, alerted, forget_at)
            SELECT value ->> 0, 0, $a, coalesce(value ->> 1, 0), 0, value ->> 2 FROM json_each($rows) WHERE true
            ON CONFLICT(bucket) DO UPDATE SET reserved = reserved + excluded.reserved, limit_micros = excluded.limit_micros, forget_at = excluded.forget_at
            """, "$a", "$rows");

        public Statement InsertReservation { get; } = new(connection,
            "INSERT INTO budget_reservations(id, state, amount, pools, expires_at, forget_at) VALUES ($id, 'reserved', $a, $p, $e, $f)",
            "$id", "$a", "$p", "$e", "$f");

        public Statement ChargePools { get; } = new(connection, """
            UPDATE budget_pools SET reserved = reserved - $h, spent = spent + $a WHERE bucket IN (SELECT value FROM json_each($b))
            RETURNING bucket, spent, limit_micros, alerted
            """, "$h", "$a", "$b");

        public Statement RaiseAlert { get; } = new(connection, "UPDATE budget_pools SET alerted = $l WHERE bucket = $b", "$l", "$b");

        public Statement FinishReservation { get; } = new(connection, "UPDATE budget_reservations SET state = $s, settled = $a WHERE id = $id", "$s", "$a", "$id");

        public Statement ExpireHolds { get; } = new(connection,
            "UPDATE budget_reservations SET state = 'expired' WHERE state = 'reserved' AND expires_at <= $now RETURNING amount, pools", "$now");

        public Statement ReleaseHeld { get; } = new(connection, "UPDATE budget_pools SET reserved = reserved - $a WHERE bucket IN (SELECT value FROM json_each($b))", "$a", "$b");

        public Statement ForgetReservations { get; } = new(connection, "DELETE FROM budget_reservations WHERE forget_at <= $now AND state <> 'reserved'", "$now");

        public Statement ForgetPools { get; } = new(connection, "DELETE FROM budget_pools WHERE forget_at <= $now AND reserved = 0", "$now");

        public Statement SetLimit { get; } = new(connection,
            "INSERT INTO budget_limits(pool, limit_micros) VALUES ($p, $l) ON CONFLICT(pool) DO UPDATE SET limit_micros = $l", "$p", "$l");

        public Statement RemoveLimit { get; } = new(connection, "DELETE FROM budget_limits WHERE pool = $p", "$p");

        public Statement Checkpoint { get; } = new(connection, "PRAGMA wal_checkpoint(PASSIVE)");

        public Statement ListLimits { get; } = new(connection, "SELECT pool, limit_micros FROM budget_limits");

        // A savepoint per operation of a batch, so one that fails is undone alone (SqliteBudgetLedger.Batches.cs).
        public Statement Savepoint { get; } = new(connection, "SAVEPOINT operation");

        public Statement ReleaseSavepoint { get; } = new(connection, "RELEASE operation");

        public Statement RollbackToSavepoint { get; } = new(connection, "ROLLBACK TO operation");

        public Statement ListPools { get; } = new(connection,
            "SELECT bucket, spent, reserved FROM budget_pools WHERE substr(bucket, 1, length($p)) = $p AND substr(bucket, -length($s)) = $s", "$p", "$s");

        public void Dispose()
        {
            foreach (var statement in new[]
            {
                FindReservation, ReadLimits, ReadPool, HoldInPools, InsertReservation, ChargePools, RaiseAlert, FinishReservation,
                ExpireHolds, ReleaseHeld, ForgetReservations, ForgetPools, SetLimit, RemoveLimit, Checkpoint, ListLimits, ListPools,
                Savepoint, ReleaseSavepoint, RollbackToSavepoint,
            })
            {
                statement.Dispose();
            }
        }
    }

    /// <summary>One prepared statement: its SQL is parsed once, and each use only binds values to its parameters.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;

        public Statement(SqliteConnection connection, string sql, params string[] parameters)
        {
            _command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant in this class; values travel only as parameters.
            _command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var name in parameters)
            {
                _command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public SqliteCommand Bind(SqliteTransaction? tx, params ReadOnlySpan<object?> values)
        {
            _command.Transaction = tx;
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return _command;
        }

        public void Dispose() => _command.Dispose();
    }
}
