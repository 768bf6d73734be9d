using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Routing;

public sealed class FailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Failover_tries_the_same_tier_by_priority_then_goes_up_the_tiers()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()));
        host.CheapB.Enqueue(ScriptedReply.Fault(WireFault.DropConnection(afterChunks: 0)));
        host.Premium.Enqueue(ScriptedReply.Text("served by premium"));

        var response = await host.Router.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("served by premium", response.Text);
        var decision = response.GetRoutingDecision()!;
        Assert.Equal(["local", "cheap-a", "cheap-b", "premium"], decision.Attempts.Select(a => a.Provider));
        Assert.Equal("premium", decision.ServedBy!.Provider);
        Assert.Equal([ProviderFailureKind.ServerError, ProviderFailureKind.ServerError], decision.Attempts.Take(2).Select(a => a.FailureKind));
        Assert.Equal(["cheap-a", "cheap-b", "premium"], host.Events.Failovers.Select(f => f.Next.Provider));
    }

    [Fact]
    public async Task Each_attempt_sends_its_own_model_and_the_callers_options_are_left_as_they_were()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.CheapA.Enqueue(ScriptedReply.Text("served by cheap-a"));
        var options = new ChatOptions { Temperature = 0.2f }.WithRouting(new RoutingRequest());
        var propertiesBefore = options.AdditionalProperties!.Keys.ToList();

        var response = await host.Router.GetResponseAsync("Hello", options, Ct);

        Assert.Equal("served by cheap-a", response.Text);
        Assert.Equal(1, host.CallsTo("small"));
        Assert.Equal(1, host.CallsTo("fast-a"));

        // The router copies the options per attempt (attempt number, model); the caller's object must not see either.
        Assert.Null(options.ModelId);
        Assert.Equal(0.2f, options.Temperature);
        Assert.Equal(propertiesBefore, options.AdditionalProperties!.Keys);
        Assert.False(options.AdditionalProperties.ContainsKey(OrchestratorChatProperties.Attempt));
    }

    [Fact]
    public async Task Healthy_cheapest_tier_serves_without_touching_the_others()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Text("local answer"));

        var response = await host.Router.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("local answer", response.Text);
        Assert.False(response.GetRoutingDecision()!.FailedOver);
        Assert.Equal(0, host.CallsTo("fast-a") + host.CallsTo("fast-b") + host.CallsTo("big"));
    }

    [Fact]
    public async Task Non_transient_rejection_surfaces_naming_the_provider_without_failover()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.BadRequest("context_length_exceeded")));
        var options = new ChatOptions().WithRouting(new RoutingRequest { MinTier = 1 });

        var ex = await Assert.ThrowsAsync<ProviderRequestRejectedException>(() => host.Router.GetResponseAsync("Hello", options, Ct));

        Assert.Equal("cheap-a", ex.Provider);
        Assert.Contains("context_length_exceeded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, host.CallsTo("fast-b") + host.CallsTo("big"));
    }

    [Fact]
    public async Task Retry_After_keeps_a_rate_limited_provider_out_until_it_expires()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, cancellationToken: Ct);
        var tier1 = new ChatOptions().WithRouting(new RoutingRequest { MinTier = 1, MaxTier = 1 });
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromSeconds(60))));
        host.CheapB.Enqueue(ScriptedReply.Text("b1"), ScriptedReply.Text("b2"));
        host.CheapA.Enqueue(ScriptedReply.Text("a again"));

        var first = await host.Router.GetResponseAsync("one", tier1, Ct);
        var second = await host.Router.GetResponseAsync("two", tier1, Ct);
        clock.Advance(TimeSpan.FromSeconds(61));
        var third = await host.Router.GetResponseAsync("three", tier1, Ct);

        Assert.Equal(("b1", "b2", "a again"), (first.Text, second.Text, third.Text));
        Assert.Contains("rate limited until", second.GetRoutingDecision()!.Candidates.Single(c => c.Provider == "cheap-a").SkipReason, StringComparison.Ordinal);
        Assert.Equal(2, host.CallsTo("fast-a"));
    }

    [Fact]
    public async Task A_model_list_restricts_the_candidates_and_a_refusal_says_when_a_cooling_down_provider_reopens()
    {
        var clock = NewClock();
        await using var host = await RouterHost.StartAsync(clock, o => o.Routing.MaxRetryAfterWaitSeconds = 1, Ct);
        var onlyA = new ChatOptions().WithRouting(new RoutingRequest { Models = ["cheap-a/fast-a"] });
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromSeconds(45))));

        var refused = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("one", onlyA, Ct));
        clock.Advance(TimeSpan.FromSeconds(15));
        var stillCooling = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("two", onlyA, Ct));
        var byBareId = await Assert.ThrowsAsync<NoProviderAvailableException>(() =>
            host.Router.GetResponseAsync("three", new ChatOptions().WithRouting(new RoutingRequest { Models = ["fast-a"] }), Ct));

        Assert.Equal(TimeSpan.FromSeconds(45), refused.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), stillCooling.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), byBareId.RetryAfter);
        Assert.All(refused.Decision.Candidates.Where(c => c.Provider != "cheap-a"), c => Assert.Equal("not in the request's model list", c.SkipReason));
        Assert.Equal(1, host.CallsTo("fast-a"));
        Assert.Equal(0, host.CallsTo("fast-b") + host.CallsTo("small") + host.CallsTo("big"));
    }

    [Fact]
    public async Task A_refusal_with_no_provider_cooling_down_has_no_Retry_After()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        var onlyA = new ChatOptions().WithRouting(new RoutingRequest { Models = ["cheap-a/fast-a"] });
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()));

        var refused = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("one", onlyA, Ct));

        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task Last_provider_standing_is_retried_after_its_Retry_After()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromSeconds(1))), ScriptedReply.Text("after waiting"));
        var options = new ChatOptions().WithRouting(new RoutingRequest { Providers = ["cheap-a"] });
        var started = DateTimeOffset.UtcNow;

        var response = await host.Router.GetResponseAsync("Hello", options, Ct);

        Assert.Equal("after waiting", response.Text);
        Assert.Equal(2, response.GetRoutingDecision()!.Attempts.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the router waited for Retry-After");
    }

    [Fact]
    public async Task Every_provider_down_ends_in_an_error_listing_each_attempt()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        foreach (var script in new[] { host.Local, host.CheapA, host.CheapB, host.Premium })
        {
            script.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        }

        var ex = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("Hello", cancellationToken: Ct));

        Assert.Equal(4, ex.Decision.Attempts.Count);
        Assert.All(ex.Decision.Attempts, a => Assert.False(a.Succeeded));
        Assert.Contains("premium/big failed (ServerError)", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ProviderUnavailableException>(ex.InnerException);
    }

    [Fact]
    public async Task Hanging_providers_are_bounded_by_the_total_timeout()
    {
        await using var host = await RouterHost.StartAsync(configure: o => o.Routing.TotalTimeoutSeconds = 1.5, cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.Hang()));

        var ex = await Assert.ThrowsAsync<RoutingTimeoutException>(() => host.Router.GetResponseAsync("Hello", cancellationToken: Ct));

        Assert.Equal("local", Assert.Single(ex.Decision.Attempts).Provider);
        Assert.Contains("TotalTimeoutSeconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanging_provider_is_cut_by_its_attempt_timeout_and_the_next_one_serves()
    {
        await using var host = await RouterHost.StartAsync(configure: o => o.Providers["local"].TimeoutSeconds = 1, cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.Hang()));
        host.CheapA.Enqueue(ScriptedReply.Text("cheap-a answered"));

        var response = await host.Router.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("cheap-a answered", response.Text);
        Assert.Equal(ProviderFailureKind.Timeout, response.GetRoutingDecision()!.Attempts[0].FailureKind);
    }

    [Fact]
    public async Task Request_needing_tools_skips_models_without_tool_calling()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.CheapA.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.Premium.Enqueue(ScriptedReply.Text("premium has tools"));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "x", "lookup")] }.WithRouting(new RoutingRequest { MinTier = 1 });

        var response = await host.Router.GetResponseAsync("Hello", options, Ct);

        Assert.Equal("premium has tools", response.Text);
        Assert.Equal("no tool calling", response.GetRoutingDecision()!.Candidates.Single(c => c.Provider == "cheap-b").SkipReason);
        Assert.Equal(0, host.CallsTo("fast-b"));
    }

    [Fact]
    public async Task Price_ceiling_excludes_premium_models()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        foreach (var script in new[] { host.Local, host.CheapA, host.CheapB })
        {
            script.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        }

        var options = new ChatOptions().WithRouting(new RoutingRequest { MaxOutputPricePerMillion = 1m });
        var ex = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("Hello", options, Ct));

        Assert.Contains("output price", ex.Decision.Candidates.Single(c => c.Provider == "premium").SkipReason, StringComparison.Ordinal);
        Assert.Equal(0, host.CallsTo("big"));
    }
}
