using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Routing;

public sealed class BreakerAndHealthTests
{
    private static readonly ChatOptions Tier1 = new ChatOptions().WithRouting(new RoutingRequest { MinTier = 1, MaxTier = 1 });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task FailCheapATimesAsync(RouterHost host, int times)
    {
        for (var i = 0; i < times; i++)
        {
            host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()));
            host.CheapB.Enqueue(ScriptedReply.Text($"b{i}"));
            await host.Router.GetResponseAsync($"request {i}", Tier1, Ct);
        }
    }

    [Fact]
    public async Task Three_failures_open_the_circuit_and_the_provider_is_skipped_without_a_call()
    {
        await using var host = await RouterHost.StartAsync(NewClock(), cancellationToken: Ct);

        await FailCheapATimesAsync(host, 3);
        host.CheapB.Enqueue(ScriptedReply.Text("b while open"));
        var response = await host.Router.GetResponseAsync("after", Tier1, Ct);

        Assert.Equal("b while open", response.Text);
        Assert.Equal(BreakerState.Open, host.RouterClient.GetBreakerState("cheap-a"));
        Assert.Equal("circuit open", response.GetRoutingDecision()!.Candidates.Single(c => c.Provider == "cheap-a").SkipReason);
        Assert.Equal(3, host.CallsTo("fast-a"));
        Assert.Contains(("cheap-a", BreakerState.Open), host.Events.BreakerChanges);
    }

    [Fact]
    public async Task The_breaker_state_gauge_reads_0_closed_2_open_and_1_half_open_per_provider()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, cancellationToken: Ct);
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var states = new Dictionary<string, int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "orchestrator.router.breaker.state" && instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => states[(string)tags[0].Value!] = value);
        listener.Start();
        _ = host.RouterClient;
        Dictionary<string, int> Read()
        {
            states.Clear();
            listener.RecordObservableInstruments();
            return new Dictionary<string, int>(states);
        }

        Assert.Equal(new Dictionary<string, int> { ["local"] = 0, ["cheap-a"] = 0, ["cheap-b"] = 0, ["premium"] = 0 }, Read());
        await FailCheapATimesAsync(host, 3);
        Assert.Equal(2, Read()["cheap-a"]);
        Assert.Equal(0, Read()["cheap-b"]);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, Read()["cheap-a"]);
        host.CheapA.Enqueue(ScriptedReply.Text("probe succeeded"));
        await host.Router.GetResponseAsync("probe", Tier1, Ct);
        Assert.Equal(0, Read()["cheap-a"]);
    }

    [Fact]
    public async Task Two_failures_do_not_open_the_circuit()
    {
        await using var host = await RouterHost.StartAsync(NewClock(), cancellationToken: Ct);

        await FailCheapATimesAsync(host, 2);

        Assert.Equal(BreakerState.Closed, host.RouterClient.GetBreakerState("cheap-a"));
        Assert.Empty(host.Events.BreakerChanges);
    }

    [Fact]
    public async Task Circuit_stays_open_for_30_seconds_then_one_probe_closes_it()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, cancellationToken: Ct);
        await FailCheapATimesAsync(host, 3);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(BreakerState.Open, host.RouterClient.GetBreakerState("cheap-a"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(BreakerState.HalfOpen, host.RouterClient.GetBreakerState("cheap-a"));
        host.CheapA.Enqueue(ScriptedReply.Text("probe succeeded"));
        var probe = await host.Router.GetResponseAsync("probe", Tier1, Ct);

        Assert.Equal("probe succeeded", probe.Text);
        Assert.Equal(BreakerState.Closed, host.RouterClient.GetBreakerState("cheap-a"));
        Assert.Equal(
            [BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed],
            host.Events.BreakerChanges.Where(c => c.Provider == "cheap-a").Select(c => c.State));
    }

    [Fact]
    public async Task Failed_probe_reopens_the_circuit_for_another_window()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, cancellationToken: Ct);
        await FailCheapATimesAsync(host, 3);
        clock.Advance(TimeSpan.FromSeconds(31));

        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.CheapB.Enqueue(ScriptedReply.Text("b after failed probe"));
        var response = await host.Router.GetResponseAsync("probe", Tier1, Ct);

        Assert.Equal("b after failed probe", response.Text);
        Assert.Equal(BreakerState.Open, host.RouterClient.GetBreakerState("cheap-a"));
        Assert.Equal(4, host.CallsTo("fast-a"));
    }

    [Fact]
    public async Task All_circuits_open_fails_fast_without_calling_anyone()
    {
        await using var host = await RouterHost.StartAsync(NewClock(), o => o.Routing.MaxAttempts = 4, Ct);
        for (var i = 0; i < 3; i++)
        {
            foreach (var script in new[] { host.Local, host.CheapA, host.CheapB, host.Premium })
            {
                script.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
            }

            await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync($"request {i}", cancellationToken: Ct));
        }

        var calls = host.Main.Requests.Count + host.Solo.Requests.Count;
        var ex = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("after", cancellationToken: Ct));

        Assert.All(ex.Decision.Candidates, c => Assert.Equal("circuit open", c.SkipReason));
        Assert.Empty(ex.Decision.Attempts);
        Assert.Equal(calls, host.Main.Requests.Count + host.Solo.Requests.Count);
    }

    [Fact]
    public async Task Unhealthy_provider_is_skipped_until_the_cached_result_is_refreshed()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, o => o.Routing.HealthChecks = true, Ct);
        var monitor = host.Services.GetRequiredService<ProviderHealthMonitor>();
        host.Solo.ListingFault = WireFault.ServiceUnavailable();
        monitor.EnsureStarted();
        await WaitForRefreshAsync(monitor, 1);

        host.CheapB.Enqueue(ScriptedReply.Text("b while a is unhealthy"));
        var whileUnhealthy = await host.Router.GetResponseAsync("one", Tier1, Ct);
        host.Solo.ListingFault = null;
        clock.Advance(TimeSpan.FromSeconds(299));
        var beforeTtl = monitor.Refreshes;
        clock.Advance(TimeSpan.FromSeconds(2));
        await WaitForRefreshAsync(monitor, 2);
        host.CheapA.Enqueue(ScriptedReply.Text("a is back"));
        var afterRefresh = await host.Router.GetResponseAsync("two", Tier1, Ct);

        Assert.Equal("b while a is unhealthy", whileUnhealthy.Text);
        Assert.StartsWith("unhealthy", whileUnhealthy.GetRoutingDecision()!.Candidates.Single(c => c.Provider == "cheap-a").SkipReason, StringComparison.Ordinal);
        Assert.Equal(1, beforeTtl);
        Assert.Equal("a is back", afterRefresh.Text);
        Assert.Equal(1, host.CallsTo("fast-a"));
    }

    [Fact]
    public async Task Health_probes_run_in_the_background_never_on_the_request_path()
    {
        await using var host = await RouterHost.StartAsync(NewClock(), o => o.Routing.HealthChecks = true, Ct);
        host.Local.Enqueue(ScriptedReply.Text("one"), ScriptedReply.Text("two"), ScriptedReply.Text("three"));
        var monitor = host.Services.GetRequiredService<ProviderHealthMonitor>();

        for (var i = 0; i < 3; i++)
        {
            await host.Router.GetResponseAsync("hi", cancellationToken: Ct);
        }

        await WaitForRefreshAsync(monitor, 1);
        var listings = host.Main.Requests.Count(r => r.Method == "GET");
        Assert.Equal(3, listings); // one probe per provider on the main server, whatever the number of requests
        Assert.Equal(1, monitor.Refreshes);
    }

    private static async Task WaitForRefreshAsync(ProviderHealthMonitor monitor, long count)
    {
        for (var i = 0; i < 500 && monitor.Refreshes < count; i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(monitor.Refreshes >= count, $"expected {count} health refreshes, saw {monitor.Refreshes}");
    }
}
