using Orchestrator.Budgets;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability.Postgres;

/// <summary>
/// Writes batches with binary COPY into a transaction-scoped staging table, then moves them with
/// <c>INSERT ... ON CONFLICT DO NOTHING</c>: COPY alone cannot skip rows a retried batch already stored.
/// </summary>
internal sealed class PostgresLlmOpsStore : ILlmOpsStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _partitions = new(StringComparer.Ordinal);

    public PostgresLlmOpsStore(string connectionString, ILogger logger)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _logger = logger;
    }

    public string Name => "postgres";

    public NpgsqlDataSource DataSource => _dataSource;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await LlmOpsMigrator.MigrateAsync(connection, LlmOpsMigrator.PostgresResources, _logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Data errors (SQLSTATE classes 22 and 23) will fail again on retry, except a row with no partition (23514 on a
    /// partitioned table), which happens when retention dropped a month this process had cached: it is forgotten
    /// and recreated on the retry.
    /// </summary>
    public bool IsPermanentFailure(Exception exception)
    {
        if (exception is not PostgresException { SqlState: var state } postgres)
        {
            return false;
        }

        if (state == PostgresErrorCodes.CheckViolation && postgres.MessageText.Contains("no partition", StringComparison.Ordinal))
        {
            ForgetPartitions();
            return false;
        }

        return state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal);
    }

    public async Task WriteAsync(IReadOnlyList<object> batch, CancellationToken cancellationToken)
    {
        var invocations = batch.OfType<InvocationRecord>().ToList();
        var messages = batch.OfType<AgentMessageRecord>().ToList();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await EnsurePartitionsAsync(connection, invocations, cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (invocations.Count > 0)
                {
                    await PostgresCopy.CopyInvocationsAsync(connection, transaction, invocations, cancellationToken).ConfigureAwait(false);
                }

                if (messages.Count > 0)
                {
                    await PostgresCopy.CopyMessagesAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task WriteBudgetPoolsAsync(IReadOnlyList<BudgetPoolSnapshot> pools, CancellationToken cancellationToken)
    {
        const string Upsert = """
            INSERT INTO budget_pools (scope, user_id, period, period_start, period_end, limit_usd, spent_usd, reserved_usd, updated_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::numeric[], $7::numeric[], $8::numeric[]), now()
            ON CONFLICT (scope, user_id, period, period_start) DO UPDATE SET
                period_end = excluded.period_end, limit_usd = excluded.limit_usd, spent_usd = excluded.spent_usd,
                reserved_usd = excluded.reserved_usd, updated_at = excluded.updated_at
            """;
        var command = _dataSource.CreateCommand(Upsert);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = pools.Select(p => BudgetPool.ScopeName(p.Status.Pool.Scope)).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.Status.Pool.Name).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => BudgetPool.PeriodName(p.Status.Pool.Period)).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.PeriodStart.ToUniversalTime()).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.PeriodEnd.ToUniversalTime()).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.Status.Limit).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.Status.Spent).ToArray() });
            command.Parameters.Add(new() { Value = pools.Select(p => p.Status.Reserved).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task EnsurePartitionsAsync(NpgsqlConnection connection, List<InvocationRecord> invocations, CancellationToken cancellationToken)
    {
        foreach (var month in invocations.Select(r => MonthOf(r.StartedAt)).Distinct())
        {
            if (_partitions.ContainsKey(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)))
            {
                continue;
            }

            var command = new NpgsqlCommand("SELECT ensure_llm_invocations_partition($1)", connection) { Parameters = { new() { Value = month } } };
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _partitions[month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)] = true;
        }
    }

    /// <summary>Forgets which month partitions exist (after retention dropped some, they are created again on demand).</summary>
    public void ForgetPartitions() => _partitions.Clear();

    private static DateTimeOffset MonthOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
