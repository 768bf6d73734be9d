using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Budgets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

[Collection(PostgresCollection.Name)]
public sealed partial class GrafanaDashboardTests(SharedPostgres postgres)
{
    private static readonly string DashboardPath = Path.Combine(AppContext.BaseDirectory, "grafana", "dashboards", "llmops-dashboard.json");

    [Fact]
    public void The_dashboard_has_the_specified_panels()
    {
        var titles = Panels().Select(p => p.GetProperty("title").GetString()!).ToList();

        foreach (var expected in new[] { "Invocations", "Success rate", "Cost (USD)", "Latency p95", "Invocations by tier", "Success rate by tier", "Cost by tier (USD/h)", "Latency p95 by tier", "Cost distribution by model" })
        {
            Assert.Contains(expected, titles);
        }

        Assert.Contains(titles, t => t.StartsWith("Tier performance", StringComparison.Ordinal));
        Assert.True(titles.Count >= 10);
    }

    [Fact]
    public async Task Every_PromQL_panel_names_only_metrics_and_labels_that_a_running_host_emits()
    {
        var ct = TestContext.Current.CancellationToken;
        var emitted = new ConcurrentDictionary<string, ConcurrentDictionary<string, bool>>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OrchestratorTelemetry.SourceName)
            {
                foreach (var name in PrometheusNames.For(instrument))
                {
                    emitted.GetOrAdd(name, _ => new(StringComparer.Ordinal));
                }

                l.EnableMeasurementEvents(instrument, PrometheusNames.For(instrument).ToArray());
            }
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, state) => Collect(emitted, (string[])state!, tags, i));
        listener.SetMeasurementEventCallback<int>((i, _, tags, state) => Collect(emitted, (string[])state!, tags, i));
        listener.SetMeasurementEventCallback<double>((i, _, tags, state) => Collect(emitted, (string[])state!, tags, i));
        listener.Start();

        var file = Path.Combine(Path.GetTempPath(), $"orch-metrics-{Guid.NewGuid():N}.db");
        var ledger = Path.Combine(Path.GetTempPath(), $"orch-metrics-ledger-{Guid.NewGuid():N}.db");
        await using (var services = EndToEndTests.Build(
            o => o.AddSqliteInvocationLog(file).AddBudgets(b =>
            {
                b.SqlitePath = ledger;
                b.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Global, Period = BudgetPeriod.Daily, Limit = 100m });
            }),
            withFlakyProvider: true))
        {
            await services.GetRequiredService<LlmOpsLog>().MigrateAsync(ct);
            var chat = services.GetRequiredService<IChatClient>();
            await chat.GetResponseAsync("Hi", cancellationToken: ct);                   // fails over from 'flaky'
            await foreach (var _ in chat.GetStreamingResponseAsync("Hi", cancellationToken: ct))
            {
            }

            await services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);

            // The budget snapshot service publishes the utilization gauge once it has read the pools the calls spent from.
            var hosted = services.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(ct);
            }

            for (var i = 0; i < 100 && !(emitted.TryGetValue("orchestrator_budget_utilization", out var seen) && !seen.IsEmpty); i++)
            {
                listener.RecordObservableInstruments();
                await Task.Delay(100, ct);
            }

            foreach (var service in hosted)
            {
                await service.StopAsync(ct);
            }

            listener.RecordObservableInstruments();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
        File.Delete(ledger);
        var expressions = Panels().SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Where(t => t.TryGetProperty("expr", out _)).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(expressions);
        foreach (var expr in expressions)
        {
            var metrics = MetricName().Matches(LabelParts().Replace(expr, " ")).Select(m => m.Value).Distinct().ToList();
            Assert.NotEmpty(metrics);
            foreach (var metric in metrics)
            {
                Assert.True(emitted.ContainsKey(metric), $"'{metric}' in '{expr}' is not a metric the host exports; it exports: {string.Join(", ", emitted.Keys.Order(StringComparer.Ordinal))}");
            }

            var labels = metrics.SelectMany(m => emitted[m].Keys).Append("le").ToHashSet(StringComparer.Ordinal);
            foreach (var label in LabelNames(expr))
            {
                Assert.True(labels.Contains(label), $"label '{label}' in '{expr}' is not on {string.Join(", ", metrics)}; seen labels: {string.Join(", ", labels)}");
            }
        }
    }

    [Fact]
    public async Task Every_SQL_panel_runs_on_the_real_schema_and_the_stat_panels_show_the_seeded_numbers()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("grafana");
        var now = DateTimeOffset.UtcNow;
        await using (var log = new LlmOpsLog(new PostgresLlmOpsStore(cs, NullLogger.Instance), new BatchWriterOptions(), NullLogger.Instance, null, null))
        {
            await log.MigrateAsync(ct);
            await log.RecordAsync(Records.Invocation(now.AddHours(-1), "fireworks", "llama", 1, 0.01m, latencyMs: 100), ct);
            await log.RecordAsync(Records.Invocation(now.AddHours(-1), "openai", "gpt-4o", 3, 0.02m, latencyMs: 300), ct);
            await log.RecordAsync(Records.Invocation(now.AddHours(-1), "openai", "gpt-4o", 3, 0m, latencyMs: 50, status: InvocationStatus.Failed), ct);
            await log.FlushAsync(ct);
        }

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using (var refresh = new NpgsqlCommand("SELECT refresh_tier_performance_summary()", connection))
        {
            await refresh.ExecuteNonQueryAsync(ct);
        }

        var results = new Dictionary<string, List<object?[]>>(StringComparer.Ordinal);
        foreach (var panel in Panels())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray().Where(t => t.TryGetProperty("rawSql", out _)))
            {
                var sql = TimeFilter().Replace(target.GetProperty("rawSql").GetString()!, "$1 >= @from AND $1 < @to");
                await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("from", now.AddDays(-1)), new("to", now.AddHours(1)) } };
                await using var reader = await command.ExecuteReaderAsync(ct);
                var rows = new List<object?[]>();
                while (await reader.ReadAsync(ct))
                {
                    var values = new object?[reader.FieldCount];
                    reader.GetValues(values!);
                    rows.Add(values);
                }

                results[panel.GetProperty("title").GetString()!] = rows;
            }
        }

        Assert.Equal(3L, results["Invocations"][0][0]);
        Assert.Equal(2.0 / 3, (double)results["Success rate"][0][0]!, 9);
        Assert.Equal(0.03, (double)results["Cost (USD)"][0][0]!, 9);
        Assert.Equal(290.0, (double)results["Latency p95"][0][0]!, 9);      // successes 100, 300: 100 + 0.95 x 200
        Assert.Equal(["fireworks/llama", "openai/gpt-4o"], results["Cost distribution by model"].Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        var table = results.Single(r => r.Key.StartsWith("Tier performance", StringComparison.Ordinal)).Value;
        Assert.Equal([(short)1, (short)3], table.Select(r => (short)r[0]!));
        Assert.Equal([1L, 2L], table.Select(r => (long)r[3]!));
    }

    private static void Collect(ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> emitted, string[] names, ReadOnlySpan<KeyValuePair<string, object?>> tags, Instrument instrument)
    {
        foreach (var name in names)
        {
            var labels = emitted.GetOrAdd(name, _ => new(StringComparer.Ordinal));
            foreach (var tag in tags)
            {
                labels[PrometheusNames.Label(tag.Key)] = true;
            }
        }
    }

    private static IEnumerable<string> LabelNames(string expr) =>
        ByClause().Matches(expr).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(Matcher().Matches(expr).Select(m => m.Groups[1].Value));

    private static List<JsonElement> Panels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return [.. document.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.Clone())];
    }

    [GeneratedRegex(@"\b(?:orchestrator|gen_ai)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bby\s*\([^)]*\)|\{[^}]*\}")]
    private static partial Regex LabelParts();

    [GeneratedRegex(@"\bby\s*\(([^)]*)\)")]
    private static partial Regex ByClause();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!=|!~|=)\s*""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\$__timeFilter\(([a-z_]+)\)")]
    private static partial Regex TimeFilter();
}
