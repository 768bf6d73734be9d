using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Observability.Tests;

/// <summary>
/// The <c>/metrics</c> endpoint of a real Kestrel host, scraped by a real Prometheus server on loopback and queried
/// back through its HTTP API: the names, labels and values must survive Prometheus' own parser.
/// </summary>
[Collection(MeterIsolationCollection.Name)]
public sealed partial class PrometheusEndpointTests
{
    private static readonly ScriptedReply Paris = ScriptedReply.Text("Paris") with { InputTokens = 1000, OutputTokens = 500 };

    [Fact]
    public async Task Prometheus_scrapes_the_invocation_cost_latency_and_token_metrics_of_routed_calls_with_their_labels()
    {
        Assert.SkipWhen(PrometheusServer.Executable is null && !Testing.SharedAssets.IsCi, "prometheus is not installed (apt-get install prometheus; scripts/test.sh does).");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MetricsHost.StartAsync(ct);

        // Two plain calls, one streamed call, and one the provider refuses with a 400 (not retried, no failover).
        host.Server.Replies.Enqueue(Paris, Paris, Paris, ScriptedReply.Fault(WireFault.BadRequest()));
        await host.Router.GetResponseAsync("Capital of France?", cancellationToken: ct);
        await host.Router.GetResponseAsync("Capital of France?", cancellationToken: ct);
        await foreach (var _ in host.Router.GetStreamingResponseAsync("Capital of France?", cancellationToken: ct))
        {
        }

        await Assert.ThrowsAnyAsync<Exception>(() => host.Router.GetResponseAsync("Capital of France?", cancellationToken: ct));

        await using var prometheus = PrometheusServer.Start(host.Address);
        await prometheus.WaitForScrapeAsync(ct);

        var invocations = await prometheus.QueryAsync("orchestrator_invocations_total{provider=\"wire\"}", ct);
        Assert.Equal(
            ["wire|wire-model|2|failed|false=1", "wire|wire-model|2|succeeded|false=2", "wire|wire-model|2|succeeded|true=1"],
            invocations.Select(s => $"{s.Labels["provider"]}|{s.Labels["model"]}|{s.Labels["tier"]}|{s.Labels["status"]}|{s.Labels["streamed"]}={s.Value}").Order(StringComparer.Ordinal));
        Assert.All(invocations, s => Assert.Equal("orchestrator", s.Labels["job"]));

        // 1000 input tokens at $1/M + 500 output at $2/M = $0.002 for each of the three answered calls.
        var cost = Assert.Single(await prometheus.QueryAsync("sum by (provider, model, tier) (orchestrator_invocation_cost_total{provider=\"wire\"})", ct));
        Assert.Equal(("wire", "wire-model", "2"), (cost.Labels["provider"], cost.Labels["model"], cost.Labels["tier"]));
        Assert.Equal(0.006, cost.Value, 9);

        var durations = await prometheus.QueryAsync("sum by (status) (orchestrator_invocation_duration_seconds_count{provider=\"wire\"})", ct);
        Assert.Equal(["failed=1", "succeeded=3"], durations.Select(s => $"{s.Labels["status"]}={s.Value}").Order(StringComparer.Ordinal));
        var everything = Assert.Single(await prometheus.QueryAsync("sum(orchestrator_invocation_duration_seconds_bucket{provider=\"wire\", le=\"+Inf\"})", ct));
        Assert.Equal(4, everything.Value);
        var p95 = Assert.Single(await prometheus.QueryAsync("histogram_quantile(0.95, sum by (le) (orchestrator_invocation_duration_seconds_bucket{provider=\"wire\"}))", ct));
        Assert.True(p95.Value > 0 && !double.IsInfinity(p95.Value), $"p95 latency {p95.Value}");

        var tokens = await prometheus.QueryAsync("sum by (gen_ai_token_type) (orchestrator_invocation_tokens_total{provider=\"wire\"})", ct);
        Assert.Contains("input=3000", tokens.Select(s => $"{s.Labels["gen_ai_token_type"]}={s.Value}"));
        Assert.Contains("output=1500", tokens.Select(s => $"{s.Labels["gen_ai_token_type"]}={s.Value}"));

        // Microsoft.Extensions.AI's GenAI semantic-convention metrics come out of the same endpoint.
        var usage = await prometheus.QueryAsync("sum by (gen_ai_token_type, gen_ai_request_model) (gen_ai_client_token_usage_sum{gen_ai_request_model=\"wire-model\"})", ct);
        Assert.Equal(
            ["input|wire-model=3000", "output|wire-model=1500"],
            usage.Select(s => $"{s.Labels["gen_ai_token_type"]}|{s.Labels["gen_ai_request_model"]}={s.Value}").Order(StringComparer.Ordinal));
        Assert.NotEmpty(await prometheus.QueryAsync("gen_ai_client_operation_duration_seconds_bucket{gen_ai_request_model=\"wire-model\"}", ct));

        // The breaker state gauge parses and is labelled per provider: one failure is below the threshold, so closed (0).
        var breaker = Assert.Single(await prometheus.QueryAsync("orchestrator_router_breaker_state{provider=\"wire\"}", ct));
        Assert.Equal(0, breaker.Value);

        // The budget utilization gauge: the host's global daily pool ($1 cap) holds the three successful calls' $0.006.
        var utilization = Assert.Single(await prometheus.QueryAsync("orchestrator_budget_utilization{orchestrator_budget_pool=\"global:all:daily\"}", ct));
        Assert.Equal("daily", utilization.Labels["orchestrator_budget_period"]);
        Assert.Equal(0.006, utilization.Value, 9);
    }

    [Fact]
    public async Task The_Grafana_dashboard_names_metrics_that_Prometheus_stores_from_the_endpoint()
    {
        Assert.SkipWhen(PrometheusServer.Executable is null && !Testing.SharedAssets.IsCi, "prometheus is not installed (apt-get install prometheus; scripts/test.sh does).");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MetricsHost.StartAsync(ct);
        host.Server.Replies.Enqueue(Paris, Paris);
        await host.Router.GetResponseAsync("Capital of France?", cancellationToken: ct);
        await foreach (var _ in host.Router.GetStreamingResponseAsync("Capital of France?", cancellationToken: ct))
        {
        }

        await using var prometheus = PrometheusServer.Start(host.Address);
        await prometheus.WaitForScrapeAsync(ct);
        var stored = await prometheus.MetricNamesAsync(ct);

        var dashboard = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "grafana", "dashboards", "llmops-dashboard.json"), ct);
        var named = MetricName().Matches(dashboard).Select(m => m.Value).Where(n => !LabelNames.Contains(n)).ToHashSet(StringComparer.Ordinal);

        // These count events this host never has (a failover, a full log queue, a log store), so no series exists yet;
        // GrafanaDashboardTests checks their names against the instruments that do emit them.
        string[] notTriggeredHere = ["orchestrator_router_failovers_total", "orchestrator_llmops_log_dropped_total", "orchestrator_llmops_log_outage", "orchestrator_llmops_log_queue_depth"];
        Assert.Empty(named.Except(notTriggeredHere).Except(stored));
        Assert.Contains("orchestrator_invocations_total", named);
    }

    private static readonly HashSet<string> LabelNames = new(["gen_ai_request_model", "gen_ai_token_type", "orchestrator_budget_pool"], StringComparer.Ordinal);

    [GeneratedRegex(@"\b(?:orchestrator|gen_ai)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
