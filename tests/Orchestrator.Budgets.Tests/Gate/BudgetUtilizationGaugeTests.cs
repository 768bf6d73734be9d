using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>The orchestrator.budget.utilization gauge, read with a MeterListener after the snapshot service's round.</summary>
public sealed class BudgetUtilizationGaugeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_gauge_reports_the_most_utilized_limited_pools_up_to_the_configured_bound()
    {
        await using var host = new ServiceCollection().AddLogging().AddMetrics()
            .AddOrchestrator(_ => { })
            .AddBudgets(o =>
            {
                o.SqlitePath = ":memory:";
                o.MetricsMaxPools = 2;
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 1m });
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Global, Period = BudgetPeriod.Weekly, Limit = 10m });
            })
            .Services.BuildServiceProvider();
        var factory = host.GetRequiredService<IMeterFactory>();
        var measured = new List<(string Pool, string Period, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "orchestrator.budget.utilization" && instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            measured.Add(((string)tags[0].Value!, (string)tags[1].Value!, value)));
        listener.Start();
        var gate = host.GetRequiredService<BudgetGate>();
        var snapshots = host.GetServices<IHostedService>().OfType<BudgetSnapshotService>().Single();

        listener.RecordObservableInstruments();
        Assert.Empty(measured);

        // Unlimited pools (each user's weekly and monthly, the tier's) record spend but have no utilization.
        await gate.TrackAsync(new BudgetSubject("alice", null, 1), 0.5m, Ct);
        await gate.TrackAsync(new BudgetSubject("bob", null, 1), 0.9m, Ct);
        await gate.TrackAsync(new BudgetSubject("carol", null, 1), 0.2m, Ct);
        var pools = await snapshots.RunOnceAsync(Ct);
        listener.RecordObservableInstruments();

        Assert.Contains(pools, p => p.Status.Pool.Id == "global:all:weekly" && p.Status.Spent == 1.6m);
        Assert.Equal([("user:bob:daily", "daily", 0.9), ("user:alice:daily", "daily", 0.5)], measured);
    }
}
