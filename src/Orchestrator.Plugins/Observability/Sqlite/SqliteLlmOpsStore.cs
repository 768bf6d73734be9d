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
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // One command per statement for the whole batch: SQLite prepares each statement once, not once per row.
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
                            command.Parameters.Clear();
                            Bind(command.Parameters, invocation);
                        }
                        else if (item is AgentMessageRecord message)
                        {
                            command = messages;
                            command.Parameters.Clear();
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
        p.AddWithValue("$id", r.RequestId);
        p.AddWithValue("$trace", (object?)r.TraceId ?? DBNull.Value);
        p.AddWithValue("$user", (object?)r.UserId ?? DBNull.Value);
        p.AddWithValue("$wf", (object?)r.WorkflowId ?? DBNull.Value);
        p.AddWithValue("$wfv", (object?)r.WorkflowVersion ?? DBNull.Value);
        p.AddWithValue("$agent", (object?)r.AgentId ?? DBNull.Value);
        p.AddWithValue("$provider", r.Provider);
        p.AddWithValue("$model", r.Model);
        p.AddWithValue("$tier", r.Tier);
        p.AddWithValue("$local", r.Local);
        p.AddWithValue("$attempts", Math.Max(1, r.RoutingAttempt));
        p.AddWithValue("$in", r.Usage.InputTokens);
        p.AddWithValue("$out", r.Usage.OutputTokens);
        p.AddWithValue("$cached", r.Usage.CachedInputTokens);
        p.AddWithValue("$estimated", r.Usage.IsEstimated);
        p.AddWithValue("$cost", (double)r.Usage.Cost);
        p.AddWithValue("$latency", r.Latency.TotalMilliseconds);
        p.AddWithValue("$ttft", (object?)r.TimeToFirstToken?.TotalMilliseconds ?? DBNull.Value);
        p.AddWithValue("$streamed", r.Streamed);
        p.AddWithValue("$private", r.PrivacyMode);
        p.AddWithValue("$status", LlmOpsColumns.Status(r.Status));
        p.AddWithValue("$error", (object?)LlmOpsColumns.ErrorClass(r.ErrorKind) ?? DBNull.Value);
        p.AddWithValue("$message", (object?)r.ErrorMessage ?? DBNull.Value);
        p.AddWithValue("$at", Iso(r.StartedAt));
        p.AddWithValue("$operation", r.Operation);
    }

    private static void Bind(SqliteParameterCollection p, AgentMessageRecord m)
    {
        p.AddWithValue("$id", m.MessageId);
        p.AddWithValue("$conversation", m.ConversationId);
        p.AddWithValue("$trace", (object?)m.TraceId ?? DBNull.Value);
        p.AddWithValue("$wf", (object?)m.WorkflowId ?? DBNull.Value);
        p.AddWithValue("$wfv", (object?)m.WorkflowVersion ?? DBNull.Value);
        p.AddWithValue("$sender", m.Sender);
        p.AddWithValue("$recipient", (object?)m.Recipient ?? DBNull.Value);
        p.AddWithValue("$type", m.MessageType);
        p.AddWithValue("$content", m.Content);
        p.AddWithValue("$tokens", m.Tokens);
        p.AddWithValue("$cost", (double)m.CostUsd);
        p.AddWithValue("$at", Iso(m.CreatedAt));
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
