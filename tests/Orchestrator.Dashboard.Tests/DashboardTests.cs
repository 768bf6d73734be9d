using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Npgsql;
using Orchestrator.Budgets;
using Orchestrator.Dashboard.Tests.Infrastructure;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Providers;
using Orchestrator.Telemetry;

namespace Orchestrator.Dashboard.Tests;

/// <summary>
/// The dashboard in headless Chromium against a real host: a seeded PostgreSQL LLMOps database, a SQLite budget ledger
/// with tracked spend, and a router whose "down" provider refuses every call. Each figure the page shows is compared
/// with what the test itself reads from the database, the ledger or the router.
/// </summary>
public sealed class DashboardTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private PostgresCluster _postgres = null!;
    private string _database = null!;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _database = await _postgres.CreateDatabaseAsync("dashboard");
        await using var log = new LlmOpsLog(new PostgresLlmOpsStore(_database, NullLogger.Instance), new BatchWriterOptions(), NullLogger.Instance, null, null);
        await log.MigrateAsync();
        foreach (var record in Seed(DateTimeOffset.UtcNow))
        {
            await log.RecordAsync(record);
        }

        await log.FlushAsync();
    }

    public ValueTask DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task Every_panel_shows_what_the_database_ledger_and_router_hold()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await DashboardHost.StartAsync(_database, ct);
        for (var i = 0; i < 3; i++)
        {
            // "down" is the cheaper tier, so each call tries it first, is refused, and fails over: its breaker opens.
            await host.Router.GetResponseAsync("Hi", cancellationToken: ct);
        }

        await host.Budgets.TrackAsync(new BudgetSubject("alice", null, 2), 8.5m, ct);
        await host.Budgets.TrackAsync(new BudgetSubject("bob", null, 2), 1m, ct);

        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(host.Address.ToString());
        await page.WaitForFunctionAsync("document.body.dataset.loaded === 'true'");

        // Headline figures.
        await using var db = new NpgsqlConnection(_database);
        await db.OpenAsync(ct);
        var (calls, cost, succeeded, failedOver, p95) = await ScalarsAsync(db, ct);
        Assert.Equal(calls.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("#summary-invocations"));
        Assert.Equal(Money(cost), await page.InnerTextAsync("#summary-cost"));
        Assert.Equal(Percent(succeeded, calls), await page.InnerTextAsync("#summary-success"));
        Assert.Equal(Percent(failedOver, calls), await page.InnerTextAsync("#summary-failover"));
        Assert.Equal($"{p95.ToString("F1", CultureInfo.InvariantCulture)} ms", await page.InnerTextAsync("#summary-p95"));

        // Spend by tier, user and model: every bar the database has, and no other.
        await AssertChartAsync(page, "spend-tier", await RowsAsync(db, "SELECT 'tier ' || tier, sum(cost_usd) FROM llm_invocations WHERE started_at > now() - interval '1 day' GROUP BY tier", ct));
        await AssertChartAsync(page, "spend-user", await RowsAsync(db, "SELECT user_id, sum(cost_usd) FROM llm_invocations WHERE started_at > now() - interval '1 day' AND user_id IS NOT NULL GROUP BY user_id", ct));
        await AssertChartAsync(page, "spend-model", await RowsAsync(db, "SELECT provider || '/' || model, sum(cost_usd) FROM llm_invocations WHERE started_at > now() - interval '1 day' GROUP BY 1", ct));

        // Latency percentiles and time to first token, per provider model.
        var latency = await TableAsync(page, "latency");
        await using (var command = new NpgsqlCommand(
            """
            SELECT provider, model, count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)::numeric, 1),
                   round(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms)::numeric, 1), round(avg(ttft_ms)::numeric, 1)
            FROM llm_invocations WHERE started_at > now() - interval '1 day' AND status = 'succeeded' GROUP BY 1, 2
            """, db))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var expected = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                expected.Add(string.Join('|', reader.GetString(0), reader.GetString(1), reader.GetInt64(2), F1(reader.GetDecimal(3)), F1(reader.GetDecimal(4)), reader.IsDBNull(5) ? "–" : F1(reader.GetDecimal(5))));
            }

            Assert.Equal(expected.Order(), latency.Select(r => string.Join('|', r[0], r[1], r[2], r[3], r[5], r[6])).Order());
        }

        // Budget utilization with the alert level each pool reached, against the ledger.
        var alice = (await host.Budgets.GetStatusAsync(new BudgetSubject("alice", null, 2), ct)).Single(s => s.Pool.Scope == BudgetScope.User && s.Limit is not null);
        var tier = (await host.Budgets.GetStatusAsync(new BudgetSubject("bob", null, 2), ct)).Single(s => s.Pool.Scope == BudgetScope.Tier && s.Limit is not null);
        Assert.Equal($"{F1(alice.UtilizationPercent!.Value)}% of {Money(alice.Limit!.Value)} · 80% alert", await page.TextContentAsync("#budgets g[data-label='user:alice:daily'] text.value"));
        Assert.Equal($"{F1(tier.UtilizationPercent!.Value)}% of {Money(tier.Limit!.Value)} · 95% alert", await page.TextContentAsync("#budgets g[data-label='tier:2:daily'] text.value"));
        Assert.Equal("10.0% of $10.0000 · ok", await page.TextContentAsync("#budgets g[data-label='user:bob:daily'] text.value"));
        Assert.Contains("alert-80", await page.GetAttributeAsync("#budgets g[data-label='user:alice:daily'] rect", "class"), StringComparison.Ordinal);

        // Breakers, as the router holds them.
        var breakers = (await TableAsync(page, "breakers")).ToDictionary(r => r[0], r => r[2]);
        Assert.Equal(("Open", "Closed"), (breakers["down"], breakers["wire"]));

        // Recent invocations: the newest five, newest first.
        var recent = await TableAsync(page, "recent");
        var newest = await RowsAsync(db, "SELECT coalesce(user_id, '–') || ' ' || provider || '/' || model, cost_usd FROM llm_invocations ORDER BY started_at DESC, request_id LIMIT 5", ct);
        Assert.Equal(newest.Select(n => $"{n.Label} {Money(n.Value)}"), recent.Select(r => $"{r[1]} {r[2]} {r[7]}"));

        // A/B results: none until a workflow run is recorded, then each version's figures.
        Assert.True(await page.IsVisibleAsync("#experiments-empty"));
        Assert.Equal("No experiments recorded.", await page.InnerTextAsync("#experiments-empty"));
        await SeedExperimentsAsync(db, ct);
        await page.WaitForSelectorAsync("#experiments tbody tr", new() { Timeout = 15_000 });
        var experiments = await TableAsync(page, "experiments");
        var versions = await RowsAsync(db, "SELECT workflow_version, avg(cost_usd) FROM workflow_runs GROUP BY 1", ct);
        Assert.Equal(versions.OrderBy(v => v.Label).Select(v => $"summarize {v.Label} {Money(v.Value)}"), experiments.Select(r => $"{r[0]} {r[1]} {r[5]}"));
        Assert.Equal(["50.0%", "50.0%"], experiments.Select(r => r[2]));
        Assert.Equal(["66.7%", "100.0%"], experiments.Select(r => r[4]));
        Assert.False(await page.IsVisibleAsync("#experiments-empty"));

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [Fact]
    public async Task An_unreachable_LLMOps_database_is_reported_in_the_page_while_budgets_and_breakers_still_show()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await DashboardHost.StartAsync("Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2", ct);
        await host.Budgets.TrackAsync(new BudgetSubject("alice", null, 2), 2m, ct);

        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(host.Address.ToString());
        await page.WaitForFunctionAsync("document.body.dataset.loaded === 'true'");

        Assert.StartsWith("The analytics query failed:", await page.InnerTextAsync("#llmops-status"), StringComparison.Ordinal);
        Assert.Contains("Orchestrator:Dashboard:ConnectionString", await page.InnerTextAsync("#llmops-status"), StringComparison.Ordinal);
        Assert.Equal("20.0% of $10.0000 · ok", await page.TextContentAsync("#budgets g[data-label='user:alice:daily'] text.value"));
        Assert.Equal(["down", "wire"], (await TableAsync(page, "breakers")).Select(r => r[0]));
    }

    private static IEnumerable<InvocationRecord> Seed(DateTimeOffset now)
    {
        for (var i = 1; i <= 4; i++)
        {
            yield return Records.Invocation(now.AddMinutes(-40 + i), "openai", "gpt-4o", 3, 0.0125m, latencyMs: 100 * i, ttftMs: i <= 2 ? 10 + (20 * i) : null, user: "alice", attempt: i == 4 ? 2 : 1);
        }

        for (var i = 1; i <= 3; i++)
        {
            yield return Records.Invocation(now.AddMinutes(-30 + i), "fireworks", "llama-8b", 1, 0.001m, latencyMs: 250 + i, user: "bob",
                status: i == 3 ? InvocationStatus.Failed : InvocationStatus.Succeeded, error: i == 3 ? ProviderFailureKind.RateLimited : null);
        }

        yield return Records.Invocation(now.AddMinutes(-20), "ollama", "llama3.2", 0, 0m, latencyMs: 80, ttftMs: 15, user: "carol", privacy: true, local: true);
        yield return Records.Invocation(now.AddMinutes(-10), "ollama", "llama3.2", 0, 0m, latencyMs: 90, ttftMs: 25, privacy: true, local: true);
        yield return Records.Invocation(now.AddDays(-3), "openai", "gpt-4o", 3, 5m, user: "alice");   // outside the 24-hour window
    }

    /// <summary>Runs of two versions of one workflow in <c>workflow_runs</c> (migration 005), as the experiments layer writes them.</summary>
    private static async Task SeedExperimentsAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO workflow_versions (workflow_id, version, traffic_share) VALUES ('summarize', 'v1', 0.5), ('summarize', 'v2', 0.5);
            INSERT INTO workflow_runs (run_id, workflow_id, workflow_version, subject_key, succeeded, cost_usd, total_tokens, latency_ms, judge_score, termination_reason, started_at) VALUES
              ('r1', 'summarize', 'v1', 'u1', true, 0.0300, 900, 1200, 0.8, 'completed', now() - interval '5 minutes'),
              ('r2', 'summarize', 'v1', 'u2', true, 0.0200, 700, 1000, 0.6, 'completed', now() - interval '4 minutes'),
              ('r3', 'summarize', 'v1', 'u3', false, 0.0100, 300, 400, NULL, 'budget', now() - interval '3 minutes'),
              ('r4', 'summarize', 'v2', 'u4', true, 0.0050, 500, 700, 0.9, 'completed', now() - interval '2 minutes'),
              ('r5', 'summarize', 'v2', 'u5', true, 0.0070, 600, 800, 0.7, 'completed', now() - interval '1 minutes');
            """, db);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<(long Calls, decimal Cost, long Succeeded, long FailedOver, double P95)> ScalarsAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), sum(cost_usd), count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE routing_attempts > 1),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
            FROM llm_invocations WHERE started_at > now() - interval '1 day'
            """, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4));
    }

    private static async Task<List<(string Label, decimal Value)>> RowsAsync(NpgsqlConnection db, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, decimal)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetDecimal(1)));
        }

        return rows;
    }

    private static async Task AssertChartAsync(IPage page, string chart, List<(string Label, decimal Value)> expected)
    {
        var shown = new List<string>();
        foreach (var bar in await page.Locator($"#{chart} g[data-label]").AllAsync())
        {
            shown.Add($"{await bar.GetAttributeAsync("data-label")}={await bar.Locator("text.value").TextContentAsync()}");
        }

        Assert.Equal(expected.Select(e => $"{e.Label}={Money(e.Value)}").Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string[]>> TableAsync(IPage page, string table)
    {
        var rows = new List<string[]>();
        foreach (var row in await page.Locator($"#{table} tbody tr").AllAsync())
        {
            rows.Add([.. await row.Locator("td").AllInnerTextsAsync()]);
        }

        return rows;
    }

    private static string Money(decimal value) => "$" + value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string F1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("F1", CultureInfo.InvariantCulture);
}
