using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Routing;

public sealed class PrivacyAndStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void LocalDown(RouterHost host, int times = 4)
    {
        for (var i = 0; i < times; i++)
        {
            host.Local.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        }

        host.Main.DefaultReply = ScriptedReply.Text("LEAKED TO THE CLOUD");
        host.Solo.DefaultReply = ScriptedReply.Text("LEAKED TO THE CLOUD");
    }

    private static void AssertNothingReachedTheCloud(RouterHost host) =>
        Assert.Equal(0, host.CallsTo("fast-a") + host.CallsTo("fast-b") + host.CallsTo("big"));

    [Fact]
    public async Task Private_request_is_served_locally()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Text("kept on the machine"));

        var response = await host.Router.GetResponseAsync("my medical record", new ChatOptions().AsPrivate(), Ct);

        Assert.Equal("kept on the machine", response.Text);
        Assert.All(response.GetRoutingDecision()!.Candidates.Where(c => c.Provider != "local"), c => Assert.Equal("not local (privacy mode)", c.SkipReason));
    }

    [Fact]
    public async Task Private_request_fails_rather_than_going_to_the_cloud_direct_chat()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        LocalDown(host);

        var ex = await Assert.ThrowsAsync<NoProviderAvailableException>(() => host.Router.GetResponseAsync("secret", new ChatOptions().AsPrivate(), Ct));

        Assert.Contains("local", ex.Message, StringComparison.Ordinal);
        AssertNothingReachedTheCloud(host);
    }

    [Fact]
    public async Task Private_request_fails_rather_than_going_to_the_cloud_streaming()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        LocalDown(host);

        await Assert.ThrowsAsync<NoProviderAvailableException>(async () =>
            await host.Router.GetStreamingResponseAsync("secret", new ChatOptions().AsPrivate(), Ct).ToListAsync(Ct));

        AssertNothingReachedTheCloud(host);
    }

    [Fact]
    public async Task Private_host_fails_rather_than_going_to_the_cloud_from_an_SK_function()
    {
        await using var host = await RouterHost.StartAsync(configure: o => o.PrivacyMode = true, cancellationToken: Ct);
        LocalDown(host);
        var kernel = new Microsoft.SemanticKernel.Kernel(host.Services);

        await Assert.ThrowsAsync<NoProviderAvailableException>(() => kernel.InvokePromptAsync("Summarize my secret notes", cancellationToken: Ct));

        AssertNothingReachedTheCloud(host);
    }

    [Fact]
    public async Task Private_flag_in_SK_execution_settings_keeps_the_request_local()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        LocalDown(host);
        var chat = host.Services.GetRequiredService<IChatCompletionService>();
        var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { [RoutingChatOptionsExtensions.PrivateKey] = true } };

        await Assert.ThrowsAsync<NoProviderAvailableException>(() => chat.GetChatMessageContentAsync("secret", settings, cancellationToken: Ct));

        AssertNothingReachedTheCloud(host);
    }

    [Fact]
    public async Task Private_host_fails_rather_than_going_to_the_cloud_from_an_agent()
    {
        await using var host = await RouterHost.StartAsync(configure: o => o.PrivacyMode = true, cancellationToken: Ct);
        LocalDown(host);
        var agent = new ChatClientAgent(host.Router, instructions: "You are a careful assistant.", name: "careful");

        await Assert.ThrowsAsync<NoProviderAvailableException>(() => agent.RunAsync("What is in my diary?", cancellationToken: Ct));

        AssertNothingReachedTheCloud(host);
    }

    [Fact]
    public async Task Private_and_premium_only_is_a_contradiction()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        var options = new ChatOptions().WithRouting(new RoutingRequest { Private = true, MinTier = 3 });

        var ex = await Assert.ThrowsAsync<RoutingConstraintException>(() => host.Router.GetResponseAsync("x", options, Ct));

        Assert.Contains("MinTier 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_failing_before_the_first_token_fails_over_transparently()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.CheapA.Enqueue(ScriptedReply.Text("clean answer from cheap-a"));

        var updates = await host.Router.GetStreamingResponseAsync("Hello", cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("clean answer from cheap-a", updates.ToChatResponse().Text);
        var decision = updates.Select(u => u.GetRoutingDecision()).First(d => d is not null)!;
        Assert.Equal("cheap-a", decision.ServedBy!.Provider);
        Assert.True(decision.FailedOver);
    }

    [Fact]
    public async Task Stream_failing_after_the_first_token_reports_partial_text_and_usage()
    {
        await using var host = await RouterHost.StartAsync(cancellationToken: Ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.DropConnection(afterChunks: 4)));
        host.CheapA.Enqueue(ScriptedReply.Text("must not be used"));
        var seen = new List<string>();

        var ex = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
        {
            await foreach (var update in host.Router.GetStreamingResponseAsync("Hello", cancellationToken: Ct))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal("local", ex.Provider);
        Assert.Equal(string.Concat(seen), ex.PartialText);
        Assert.StartsWith("word1", ex.PartialText, StringComparison.Ordinal);
        Assert.True(ex.Usage.OutputTokens > 0);
        Assert.Equal(0, host.CallsTo("fast-a"));
    }

    [Fact]
    public async Task Default_model_is_tried_first_and_the_rest_are_failover()
    {
        await using var host = await RouterHost.StartAsync(configure: o => o.DefaultModel = "premium/big", cancellationToken: Ct);
        host.Premium.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()));
        host.Local.Enqueue(ScriptedReply.Text("local after premium failed"));

        var response = await host.Router.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("local after premium failed", response.Text);
        Assert.Equal(["premium", "local"], response.GetRoutingDecision()!.Attempts.Select(a => a.Provider));
    }
}
