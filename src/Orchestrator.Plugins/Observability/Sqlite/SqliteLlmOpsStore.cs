using Orchestrator.Budgets;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file, the same logical schema as PostgreSQL, each batch in one transaction
/// with <c>INSERT OR IGNORE</c> so a retried batch does not duplicate rows.
/// </summary>
internal sealed class SqliteLlmOpsStore : ILlmOpsStore
{
    private const string InsertInvocation =
        "INSERT OR IGNORE INTO llm_invocations (request_id, trace_id, user_id, workflow_id, workflow_version, agent_id, provider, model, tier, is_local, " +
        "routing_attempts, input_tokens, output_tokens, cached_tokens, tokens_estimated, cost_usd, latency_ms, ttft_ms, streamed, privacy_mode, status, " +
        "error_class, error_message, started_at, operation) VALUES ($id, $trace, $user, $wf, $wfv, $agent, $provider, $model, $tier, $local, $attempts, $in, $out, " +
        "$cached, $estimated, $cost, $latency, $ttft, $streamed, $private, $status, $error, $message, $at, $operation)";

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
                // One command per statement for the whole batch: SQLite prepares each statement once, not once per row, and the
                // parameters are made for the first row and only given new values after it.
                var invocations = new SqliteCommand(InsertInvocation, connection, transaction);
                var messages = new SqliteCommand(InsertMessage, connection, transaction);
                await using (invocations.ConfigureAwait(false))
                await using (messages.ConfigureAwait(false))
                {
                    foreach (var item in batch)
                    {
                        SqliteCommand command;
                        if (item is InvocationRecord invocation)
                        {
                            command = invocations;
                            Bind(command.Parameters, invocation);
                        }
                        else if (item is AgentMessageRecord message)
                        {
                            command = messages;
                            Bind(command.Parameters, message);
                        }
                        else
                        {
                            continue;
                        }

                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Bind(SqliteParameterCollection p, InvocationRecord r)
    {
        Put(p, 0, "$id", r.RequestId);
        Put(p, 1, "$trace", (object?)r.TraceId ?? DBNull.Value);
        Put(p, 2, "$user", (object?)r.UserId ?? DBNull.Value);
        Put(p, 3, "$wf", (object?)r.WorkflowId ?? DBNull.Value);
        Put(p, 4, "$wfv", (object?)r.WorkflowVersion ?? DBNull.Value);
        Put(p, 5, "$agent", (object?)r.AgentId ?? DBNull.Value);
        Put(p, 6, "$provider", r.Provider);
        Put(p, 7, "$model", r.Model);
        Put(p, 8, "$tier", r.Tier);
        Put(p, 9, "$local", r.Local);
        Put(p, 10, "$attempts", Math.Max(1, r.RoutingAttempt));
        Put(p, 11, "$in", r.Usage.InputTokens);
        Put(p, 12, "$out", r.Usage.OutputTokens);
        Put(p, 13, "$cached", r.Usage.CachedInputTokens);
        Put(p, 14, "$estimated", r.Usage.IsEstimated);
        Put(p, 15, "$cost", (double)r.Usage.Cost);
        Put(p, 16, "$latency", r.Latency.TotalMilliseconds);
        Put(p, 17, "$ttft", (object?)r.TimeToFirstToken?.TotalMilliseconds ?? DBNull.Value);
        Put(p, 18, "$streamed", r.Streamed);
        Put(p, 19, "$private", r.PrivacyMode);
        Put(p, 20, "$status", LlmOpsColumns.Status(r.Status));
        Put(p, 21, "$error", (object?)LlmOpsColumns.ErrorClass(r.ErrorKind) ?? DBNull.Value);
        Put(p, 22, "$message", (object?)r.ErrorMessage ?? DBNull.Value);
        Put(p, 23, "$at", Iso(r.StartedAt));
        Put(p, 24, "$operation", r.Operation);
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
    internal static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

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
