using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Analytics;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Providers;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

/// <summary>
/// Each analytics query against a small seeded month whose answers are worked out by hand below:
/// workflow "summarize" ran 10 calls on tier 3 (openai, $0.01, 100..1000 ms, alice, the first 5 streamed with TTFT = latency/4)
/// and 10 on tier 1 (fireworks, $0.001, 200 ms, bob); workflow "code" ran 4 on tier 3 ($0.02, 500 ms, alice) and 4 on
/// tier 1 ($0.001, bob: 2 succeeded at 300 ms, 2 rate-limited at 50 ms); agent "assistant" ran 5 private calls on tier 0
/// (local ollama, $0, streamed, TTFT 20 of 100 ms, carol). One $5 call in October is outside the period.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AnalyticsTests(SharedPostgres postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddMonths(1);
    private static readonly DateTimeOffset Day2 = From.AddDays(1).AddHours(9);
    private static readonly DateTimeOffset Day3 = From.AddDays(2).AddHours(9);
    private LlmOpsAnalytics _analytics = null!;

    public async ValueTask InitializeAsync()
    {
        var cs = await postgres.Cluster.CreateDatabaseAsync("analytics");
        await using var log = new LlmOpsLog(new PostgresLlmOpsStore(cs, NullLogger.Instance), new BatchWriterOptions(), NullLogger.Instance, null, null);
        await log.MigrateAsync();
        foreach (var record in Seed())
        {
            await log.RecordAsync(record);
        }

        await log.FlushAsync();
        _analytics = new LlmOpsAnalytics(cs);
    }

    public ValueTask DisposeAsync() => _analytics.DisposeAsync();

    [Fact]
    public async Task Dashboard_counts_calls_success_spend_and_private_calls_of_the_period_only()
    {
        var summary = await _analytics.GetDashboardAsync(From, To, TestContext.Current.CancellationToken);

        Assert.Equal(33, summary.Invocations);          // 10 + 10 + 4 + 4 + 5; the October call is outside
        Assert.Equal(0.9394m, summary.SuccessRate);      // 31 of 33
        Assert.Equal(0.194m, summary.CostUsd);           // 0.10 + 0.01 + 0.08 + 0.004 + 0
        Assert.Equal(5, summary.PrivateInvocations);
    }

    [Fact]
    public async Task Top_spenders_rank_users_by_spend_with_their_share()
    {
        var spenders = await _analytics.GetTopSpendersAsync(From, To, limit: 2, TestContext.Current.CancellationToken);

        Assert.Equal([new Spender("alice", 14, 0.18m, 0.9278m), new Spender("bob", 14, 0.014m, 0.0722m)], spenders);
    }

    [Fact]
    public async Task Tier_recommendations_flag_the_unreliable_tier_and_send_tier_3_work_to_the_free_tier()
    {
        var tiers = await _analytics.GetTierRecommendationsAsync(From, To, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 3], tiers.Select(t => t.Tier));
        Assert.Equal(("keep", (int?)null), (tiers[0].Recommendation, tiers[0].CheaperTier));
        Assert.Equal(("unreliable", 0.8571m), (tiers[1].Recommendation, tiers[1].SuccessRate));   // 12 of 14
        Assert.Equal(("shift_to_cheaper_tier", (int?)0), (tiers[2].Recommendation, tiers[2].CheaperTier));
        Assert.Equal(0.18m, tiers[2].TotalCostUsd);
    }

    [Fact]
    public async Task Migration_opportunities_find_summarize_on_tier_1_as_good_as_tier_3_but_not_code()
    {
        var moves = await _analytics.GetMigrationOpportunitiesAsync(From, To, minCalls: 4, TestContext.Current.CancellationToken);

        var move = Assert.Single(moves);
        Assert.Equal(("summarize", 3, 1, 10L), (move.Work, move.FromTier, move.ToTier, move.Invocations));
        Assert.Equal(0.09m, move.EstimatedSavingsUsd);   // 10 calls x ($0.01 - $0.001)
    }

    [Fact]
    public async Task Latency_percentiles_interpolate_like_percentile_cont_over_successful_calls()
    {
        var rows = await _analytics.GetLatencyPercentilesAsync(From, To, TestContext.Current.CancellationToken);

        double[] openai = [100, 200, 300, 400, 500, 500, 500, 500, 500, 600, 700, 800, 900, 1000];
        double[] fireworks = [.. Enumerable.Repeat(200.0, 10), 300, 300];
        var o = rows.Single(r => r.Provider == "openai");
        var f = rows.Single(r => r.Provider == "fireworks");
        Assert.Equal((14L, Percentile(openai, 0.50), Percentile(openai, 0.95), Percentile(openai, 0.99)), (o.Invocations, o.P50Ms, o.P95Ms, o.P99Ms), new ToleranceComparer());
        Assert.Equal((12L, 200.0, 300.0), (f.Invocations, f.P50Ms, f.P99Ms));
        Assert.Equal(500, o.P50Ms, 6);
        Assert.Equal(935, o.P95Ms, 6);     // rank 0.95 x 13 = 12.35: 900 + 0.35 x 100
    }

    [Fact]
    public async Task Errors_privacy_streaming_and_cost_trend_add_up()
    {
        var ct = TestContext.Current.CancellationToken;
        var error = Assert.Single(await _analytics.GetErrorsAsync(From, To, ct));
        Assert.Equal(("fireworks", "rate_limited", 2L, 0.1429m), (error.Provider, error.ErrorClass, error.Failures, error.FailureRate));

        var privacy = await _analytics.GetPrivacyStatsAsync(From, To, ct);
        Assert.Equal([new PrivacyStats(false, 28, 0, 28, 0.194m), new PrivacyStats(true, 5, 5, 0, 0m)], privacy);

        var streaming = (await _analytics.GetStreamingRoiAsync(From, To, ct)).ToDictionary(s => s.Provider);
        Assert.Equal((5L, 75.0, 300.0, 0.75m), (streaming["openai"].StreamedInvocations, streaming["openai"].AverageTimeToFirstTokenMs, streaming["openai"].AverageLatencyMs, streaming["openai"].WaitSavedRatio));
        Assert.Equal(0.8m, streaming["ollama"].WaitSavedRatio);

        var trend = await _analytics.GetCostTrendAsync(From, To, ct);
        var d2 = DateOnly.FromDateTime(Day2.UtcDateTime);
        var d3 = DateOnly.FromDateTime(Day3.UtcDateTime);
        Assert.Equal(
            [new CostTrendPoint(d2, 1, 10, 0.01m, 1500), new CostTrendPoint(d2, 3, 10, 0.1m, 1500), new CostTrendPoint(d3, 0, 5, 0m, 750), new CostTrendPoint(d3, 1, 4, 0.004m, 600), new CostTrendPoint(d3, 3, 4, 0.08m, 600)],
            trend);
    }

    /// <summary>PostgreSQL's percentile_cont: linear interpolation at rank p x (n - 1) of the sorted values.</summary>
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    private static IEnumerable<InvocationRecord> Seed()
    {
        for (var i = 1; i <= 10; i++)
        {
            yield return Records.Invocation(Day2.AddMinutes(i), "openai", "gpt-4o", 3, 0.01m, latencyMs: 100 * i, ttftMs: i <= 5 ? 25 * i : null, user: "alice", workflow: "summarize", version: "v1");
            yield return Records.Invocation(Day2.AddMinutes(i), "fireworks", "llama-8b", 1, 0.001m, latencyMs: 200, user: "bob", workflow: "summarize", version: "v2");
        }

        for (var i = 1; i <= 4; i++)
        {
            yield return Records.Invocation(Day3.AddMinutes(i), "openai", "gpt-4o", 3, 0.02m, latencyMs: 500, user: "alice", workflow: "code");
            yield return i <= 2
                ? Records.Invocation(Day3.AddMinutes(i), "fireworks", "llama-8b", 1, 0.001m, latencyMs: 300, user: "bob", workflow: "code")
                : Records.Invocation(Day3.AddMinutes(i), "fireworks", "llama-8b", 1, 0.001m, latencyMs: 50, user: "bob", workflow: "code", status: InvocationStatus.Failed, error: ProviderFailureKind.RateLimited);
        }

        for (var i = 1; i <= 5; i++)
        {
            yield return Records.Invocation(Day3.AddHours(1).AddMinutes(i), "ollama", "llama3.2:3b", 0, 0m, latencyMs: 100, ttftMs: 20, user: "carol", privacy: true, local: true, agent: "assistant");
        }

        yield return Records.Invocation(From.AddDays(-10), "openai", "gpt-4o", 3, 5m, user: "alice", workflow: "summarize");
    }

    private sealed class ToleranceComparer : IEqualityComparer<(long, double, double, double)>
    {
        public bool Equals((long, double, double, double) x, (long, double, double, double) y) =>
            x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-6 && Math.Abs(x.Item3 - y.Item3) < 1e-6 && Math.Abs(x.Item4 - y.Item4) < 1e-6;

        public int GetHashCode((long, double, double, double) obj) => obj.Item1.GetHashCode();
    }
}
