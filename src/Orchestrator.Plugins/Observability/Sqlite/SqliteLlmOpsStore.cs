using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orchestrator.Budgets;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file, the same logical schema as PostgreSQL, each batch in one transaction
/// with <c>INSERT OR IGNORE</c> so a retried batch does not duplicate rows.
/// </summary>
internal sealed class SqliteLlmOpsStore : ILlmOpsStore
{
    // Every invocation of a batch in one statement: the rows travel as one JSON array of arrays (bound as UTF-8 bytes,
    // read back as text), so a row costs no parameter objects, boxes or string copies (25 parameters per row did: about
    // a tenth of what a gateway call allocated). The JSON types give the columns the values binding gave them (REAL
    // columns convert whole numbers; true/false arrive as 1/0).
    private const string InsertInvocations =
        "INSERT OR IGNORE INTO llm_invocations (request_id, trace_id, user_id, workflow_id, workflow_version, agent_id, provider, model, tier, is_local, " +
        "routing_attempts, input_tokens, output_tokens, cached_tokens, tokens_estimated, cost_usd, latency_ms, ttft_ms, streamed, privacy_mode, status, " +
        "error_class, error_message, started_at, operation) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, " +
        "value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, value ->> 14, value ->> 15, " +
        "value ->> 16, value ->> 17, value ->> 18, value ->> 19, value ->> 20, value ->> 21, value ->> 22, value ->> 23, value ->> 24 " +
        "FROM json_each(CAST($rows AS TEXT))";

    // ~300 bytes a row: a chunk's JSON (and the array bound to the statement) stays on the small-object heap.
    private const int RowsPerStatement = 64;

    private const string InsertMessage =
        "INSERT OR IGNORE INTO agent_messages (message_id, conversation_id, trace_id, workflow_id, workflow_version, sender, recipient, message_type, " +
        "content, tokens, cost_usd, created_at) VALUES ($id, $conversation, $trace, $wf, $wfv, $sender, $recipient, $type, $content, $tokens, $cost, $at)";

    // WAL with synchronous=NORMAL, as the embedded budget ledger: a batch's commit is not fsynced (the checkpoint is),
    // so a process crash loses no committed row and a power loss may forget the last batches, which the in-memory
    // queue in front of the store would lose anyway. Journal mode is a property of the file; synchronous is per
    // connection, so both are said on every batch's connection (a no-op when already so).
    private const string Durability = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    private readonly string _connectionString;
    private readonly ILogger _logger;

    public SqliteLlmOpsStore(string pathOrConnectionString, ILogger logger)
    {
        _connectionString = ToConnectionString(pathOrConnectionString);
        _logger = logger;
    }

    public string Name => "sqlite";

    public string ConnectionString => _connectionString;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var probe = connection.CreateCommand())
            {
                // The embedded budget ledger has its own table of that name (other columns): the two must not share a file.
                probe.CommandText = "SELECT count(*) FROM pragma_table_info('budget_pools') WHERE name = 'bucket'";
                if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    throw new InvalidOperationException(
                        $"The SQLite file '{connection.DataSource}' holds the embedded budget ledger; the LLMOps log needs a file of its own (Orchestrator:Budgets:SqlitePath and the log's path must differ). Nothing was changed.");
                }
            }

            return await LlmOpsMigrator.MigrateAsync(connection, LlmOpsMigrator.SqliteResources, _logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A constraint violation fails again on retry; a busy or locked file does not.</summary>
    public bool IsPermanentFailure(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ or 20 /* SQLITE_MISMATCH */ };

    public async Task WriteAsync(IReadOnlyList<object> batch, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = Durability;
                await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // In chunks of RowsPerStatement, so each chunk's JSON stays well below the large-object heap's 85 KB.
                var invocations = new SqliteCommand(InsertInvocations, connection, transaction);
                await using (invocations.ConfigureAwait(false))
                {
                    var buffer = new ArrayBufferWriter<byte>(16 * 1024);
                    for (var next = 0; InvocationRows(batch, ref next, buffer) is { } rows; buffer.ResetWrittenCount())
                    {
                        if (invocations.Parameters.Count == 0)
                        {
                            invocations.Parameters.AddWithValue("$rows", rows);
                        }
                        else
                        {
                            invocations.Parameters[0].Value = rows;
                        }

                        await invocations.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                // Messages (agent groups, not the gateway's path): one command for the batch, prepared once, new values per row.
                var messages = new SqliteCommand(InsertMessage, connection, transaction);
                await using (messages.ConfigureAwait(false))
                {
                    foreach (var item in batch)
                    {
                        if (item is AgentMessageRecord message)
                        {
                            Bind(messages.Parameters, message);
                            await messages.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The next invocations of the batch from <paramref name="next"/> on (at most <see cref="RowsPerStatement"/>) as one
    /// JSON array of rows, columns in <see cref="InsertInvocations"/>' order, written into <paramref name="buffer"/>; or
    /// <see langword="null"/> when none is left.
    /// </summary>
    private static byte[]? InvocationRows(IReadOnlyList<object> batch, ref int next, ArrayBufferWriter<byte> buffer)
    {
        var rows = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            Span<byte> at = stackalloc byte[28];
            for (; next < batch.Count && rows < RowsPerStatement; next++)
            {
                if (batch[next] is not InvocationRecord r)
                {
                    continue;
                }

                rows++;
                writer.WriteStartArray();
                writer.WriteStringValue(r.RequestId);
                WriteOrNull(writer, r.TraceId);
                WriteOrNull(writer, r.UserId);
                WriteOrNull(writer, r.WorkflowId);
                WriteOrNull(writer, r.WorkflowVersion);
                WriteOrNull(writer, r.AgentId);
                writer.WriteStringValue(r.Provider);
                writer.WriteStringValue(r.Model);
                writer.WriteNumberValue(r.Tier);
                writer.WriteBooleanValue(r.Local);
                writer.WriteNumberValue(Math.Max(1, r.RoutingAttempt));
                writer.WriteNumberValue(r.Usage.InputTokens);
                writer.WriteNumberValue(r.Usage.OutputTokens);
                writer.WriteNumberValue(r.Usage.CachedInputTokens);
                writer.WriteBooleanValue(r.Usage.IsEstimated);
                writer.WriteNumberValue((double)r.Usage.Cost);
                writer.WriteNumberValue(r.Latency.TotalMilliseconds);
                if (r.TimeToFirstToken is { } ttft)
                {
                    writer.WriteNumberValue(ttft.TotalMilliseconds);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteBooleanValue(r.Streamed);
                writer.WriteBooleanValue(r.PrivacyMode);
                writer.WriteStringValue(LlmOpsColumns.Status(r.Status));
                WriteOrNull(writer, LlmOpsColumns.ErrorClass(r.ErrorKind));
                WriteOrNull(writer, r.ErrorMessage);
                r.StartedAt.ToUniversalTime().TryFormat(at, out var written, IsoFormat, CultureInfo.InvariantCulture);
                writer.WriteStringValue(at[..written]);
                writer.WriteStringValue(r.Operation);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return rows > 0 ? buffer.WrittenSpan.ToArray() : null;
    }

    private static void WriteOrNull(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void Bind(SqliteParameterCollection p, AgentMessageRecord m)
    {
        Put(p, 0, "$id", m.MessageId);
        Put(p, 1, "$conversation", m.ConversationId);
        Put(p, 2, "$trace", (object?)m.TraceId ?? DBNull.Value);
        Put(p, 3, "$wf", (object?)m.WorkflowId ?? DBNull.Value);
        Put(p, 4, "$wfv", (object?)m.WorkflowVersion ?? DBNull.Value);
        Put(p, 5, "$sender", m.Sender);
        Put(p, 6, "$recipient", (object?)m.Recipient ?? DBNull.Value);
        Put(p, 7, "$type", m.MessageType);
        Put(p, 8, "$content", m.Content);
        Put(p, 9, "$tokens", m.Tokens);
        Put(p, 10, "$cost", (double)m.CostUsd);
        Put(p, 11, "$at", Iso(m.CreatedAt));
    }

    /// <summary>Sets the parameter at <paramref name="index"/>, adding it (named) the first time.</summary>
    private static void Put(SqliteParameterCollection p, int index, string name, object value)
    {
        if (index < p.Count)
        {
            p[index].Value = value;
        }
        else
        {
            p.AddWithValue(name, value);
        }
    }

    /// <summary>Takes a file path or a SQLite connection string (told apart by an <c>=</c>).</summary>
    internal static string ToConnectionString(string pathOrConnectionString) =>
        pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();

    /// <summary>ISO-8601 UTC with a fixed width, so text order is time order.</summary>
    internal static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString(IsoFormat, CultureInfo.InvariantCulture);

    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public async Task WriteBudgetPoolsAsync(IReadOnlyList<BudgetPoolSnapshot> pools, CancellationToken cancellationToken)
    {
        const string Upsert = """
            INSERT INTO budget_pools (scope, user_id, period, period_start, period_end, limit_usd, spent_usd, reserved_usd, updated_at)
            VALUES ($scope, $name, $period, $start, $end, $limit, $spent, $reserved, $now)
            ON CONFLICT (scope, user_id, period, period_start) DO UPDATE SET
                period_end = excluded.period_end, limit_usd = excluded.limit_usd, spent_usd = excluded.spent_usd,
                reserved_usd = excluded.reserved_usd, updated_at = excluded.updated_at
            """;
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = Iso(DateTimeOffset.UtcNow);
                foreach (var pool in pools)
                {
                    var command = new SqliteCommand(Upsert, connection, transaction);
                    await using (command.ConfigureAwait(false))
                    {
                        var status = pool.Status;
                        command.Parameters.AddWithValue("$scope", BudgetPool.ScopeName(status.Pool.Scope));
                        command.Parameters.AddWithValue("$name", status.Pool.Name);
                        command.Parameters.AddWithValue("$period", BudgetPool.PeriodName(status.Pool.Period));
                        command.Parameters.AddWithValue("$start", Iso(pool.PeriodStart));
                        command.Parameters.AddWithValue("$end", Iso(pool.PeriodEnd));
                        command.Parameters.AddWithValue("$limit", status.Limit is { } limit ? (double)limit : DBNull.Value);
                        command.Parameters.AddWithValue("$spent", (double)status.Spent);
                        command.Parameters.AddWithValue("$reserved", (double)status.Reserved);
                        command.Parameters.AddWithValue("$now", now);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
