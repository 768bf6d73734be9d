using Npgsql;

namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>
/// Typed access to the LLMOps analytics queries (<c>sql/analytics</c>) over a PostgreSQL LLMOps database: what was
/// spent, where, on which tier, how fast, how often it failed, and what could move to a cheaper tier.
/// </summary>
public sealed class LlmOpsAnalytics : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects to a PostgreSQL LLMOps database.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public LlmOpsAnalytics(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>Gets each tier's performance with a recommendation.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per tier, cheapest first.</returns>
    public Task<IReadOnlyList<TierRecommendation>> GetTierRecommendationsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("tier_optimization", from, to, null, r => new TierRecommendation(
            r.GetInt16(0), r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt16(6), r.GetString(7)), cancellationToken);

    /// <summary>Gets spend per UTC day and tier.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per day and tier.</returns>
    public Task<IReadOnlyList<CostTrendPoint>> GetCostTrendAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("cost_trend", from, to, null, r => new CostTrendPoint(
            r.GetFieldValue<DateOnly>(0), r.GetInt16(1), r.GetInt64(2), r.GetDecimal(3), Convert.ToInt64(r.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);

    /// <summary>Gets p50/p95/p99 latency of successful calls per provider and model.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per provider model.</returns>
    public Task<IReadOnlyList<LatencyPercentiles>> GetLatencyPercentilesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("latency_percentiles", from, to, null, r => new LatencyPercentiles(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6)), cancellationToken);

    /// <summary>Gets failures per provider, model and error class.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per provider, model and error class, most failures first.</returns>
    public Task<IReadOnlyList<ErrorSummary>> GetErrorsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("error_tracking", from, to, null, r => new ErrorSummary(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetDecimal(4), r.GetFieldValue<DateTimeOffset>(5)), cancellationToken);

    /// <summary>Gets call counts and spend with and without privacy mode.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to two rows (not private, private).</returns>
    public Task<IReadOnlyList<PrivacyStats>> GetPrivacyStatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("privacy_stats", from, to, null, r => new PrivacyStats(r.GetBoolean(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4)), cancellationToken);

    /// <summary>Gets time to first token against total latency of streamed calls.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per provider model that streamed.</returns>
    public Task<IReadOnlyList<StreamingRoi>> GetStreamingRoiAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("streaming_roi", from, to, null, r => new StreamingRoi(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDouble(3), r.GetDouble(4), r.GetDecimal(5)), cancellationToken);

    /// <summary>Gets work that a cheaper tier served as well as a dearer one, largest saving first.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="minCalls">Calls the cheaper tier must have served for its success rate to count.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per work and pair of tiers.</returns>
    public Task<IReadOnlyList<MigrationOpportunity>> GetMigrationOpportunitiesAsync(DateTimeOffset from, DateTimeOffset to, int minCalls = 20, CancellationToken cancellationToken = default) =>
        QueryAsync("migration_opportunities", from, to, ("min_calls", minCalls), r => new MigrationOpportunity(
            r.GetString(0), r.GetInt16(1), r.GetInt16(2), r.GetInt64(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6)), cancellationToken);

    /// <summary>Gets the users who spent most.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="limit">How many users.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Users by spend, highest first.</returns>
    public Task<IReadOnlyList<Spender>> GetTopSpendersAsync(DateTimeOffset from, DateTimeOffset to, int limit = 10, CancellationToken cancellationToken = default) =>
        QueryAsync("top_spenders", from, to, ("limit", limit), r => new Spender(r.GetString(0), r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3)), cancellationToken);

    /// <summary>Gets the headline numbers of a period.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The summary.</returns>
    public async Task<DashboardSummary> GetDashboardAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await QueryAsync("dashboard", from, to, null, r => new DashboardSummary(
            r.GetInt64(0), r.GetDecimal(1), r.GetDecimal(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.GetInt64(5)), cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Gets each provider model's calls, outcomes, failovers and spend.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per provider model and tier, highest spend first.</returns>
    public Task<IReadOnlyList<ModelUsage>> GetModelUsageAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        QueryAsync("model_usage", from, to, null, r => new ModelUsage(
            r.GetString(0), r.GetString(1), r.GetInt16(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetDecimal(6), Convert.ToInt64(r.GetValue(7), System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);

    /// <summary>Gets the latest calls of a period.</summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="limit">How many calls.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Calls, newest first.</returns>
    public Task<IReadOnlyList<RecentInvocation>> GetRecentInvocationsAsync(DateTimeOffset from, DateTimeOffset to, int limit = 20, CancellationToken cancellationToken = default) =>
        QueryAsync("recent_invocations", from, to, ("limit", limit), r => new RecentInvocation(
            r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt16(5), r.GetString(6),
            r.IsDBNull(7) ? null : r.GetString(7), r.GetInt16(8), r.GetInt64(9), r.GetDecimal(10), r.GetDouble(11), r.IsDBNull(12) ? null : r.GetDouble(12), r.GetBoolean(13)), cancellationToken);

    /// <summary>
    /// Gets each workflow version's A/B results from <c>workflow_runs</c>; empty when that table does not exist yet
    /// (no experiment has been recorded in this database).
    /// </summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per workflow version that ran in the period.</returns>
    public async Task<IReadOnlyList<ExperimentResult>> GetExperimentResultsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var probe = _dataSource.CreateCommand("SELECT to_regclass('workflow_runs') IS NOT NULL");
        await using (probe.ConfigureAwait(false))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return [];
            }
        }

        return await QueryAsync("experiment_results", from, to, null, r => new ExperimentResult(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDouble(6),
            r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetDecimal(8)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string name, DateTimeOffset from, DateTimeOffset to, (string Name, int Value)? extra, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(AnalyticsSql.Get(name));
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
            if (extra is { } parameter)
            {
                command.Parameters.AddWithValue(parameter.Name, parameter.Value);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }
}
