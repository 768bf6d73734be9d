using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>Every provider protocol, driven through its official SDK against the wire-level test server.</summary>
public sealed class ProviderWireTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static decimal CloudCost(long input, long output, long cached) => (((input - cached) * 3.00m) + (cached * 0.30m) + (output * 15.00m)) / 1_000_000m;

    private static decimal ExpectedCost(string provider, long input, long output, long cached) => provider == "ollama" ? 0m : CloudCost(input, output, cached);

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Reply_carries_the_provider_usage_and_its_cost(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Paris is the capital of France.", inputTokens: 1000, outputTokens: 200, cachedInputTokens: 400));

        var response = await host.Registry.GetChatClient(provider, WireHost.Model).GetResponseAsync(Prompt, cancellationToken: Ct);

        Assert.Equal("Paris is the capital of France.", response.Text);
        var usage = response.GetInvocationUsage()!;
        Assert.False(usage.IsEstimated);
        Assert.Equal(1000, usage.InputTokens);
        Assert.Equal(200, usage.OutputTokens);
        Assert.Equal(provider == "ollama" ? 0 : 400, usage.CachedInputTokens);
        Assert.Equal(ExpectedCost(provider, 1000, 200, provider == "ollama" ? 0 : 400), usage.Cost);
        Assert.Equal("What is the capital of France?", host.Server.Requests.Single().LastUserText);
        Assert.Equal(WireHost.Model, host.Server.Requests.Single().Model);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Stream_yields_the_text_in_pieces_and_usage_at_the_end(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Paris is the capital of France.", inputTokens: 50, outputTokens: 7));

        var updates = await host.Registry.GetChatClient(provider, WireHost.Model).GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(updates.Count(u => !string.IsNullOrEmpty(u.Text)) > 1);
        Assert.Equal("Paris is the capital of France.", updates.ToChatResponse().Text);
        var usage = updates[^1].GetInvocationUsage()!;
        Assert.False(usage.IsEstimated);
        Assert.Equal(50, usage.InputTokens);
        Assert.Equal(7, usage.OutputTokens);
        Assert.Equal(ExpectedCost(provider, 50, 7, 0), usage.Cost);
        var record = Assert.Single(host.Sink.Records);
        Assert.True(record.Streamed);
        Assert.NotNull(record.TimeToFirstToken);
        Assert.True(host.Server.Requests.Single().IsStreaming);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Tool_call_round_trips_with_its_arguments(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.ToolCall("get_weather", """{"city":"Paris","unit":"celsius"}"""));
        host.Server.Enqueue(ScriptedReply.ToolCall("get_weather", """{"city":"Lyon","unit":"celsius"}"""));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city, string unit) => $"{city}: 21 {unit}", "get_weather")] };
        var client = host.Registry.GetChatClient(provider, WireHost.Model);

        var response = await client.GetResponseAsync(Prompt, options, Ct);
        var streamed = (await client.GetStreamingResponseAsync(Prompt, options, Ct).ToListAsync(Ct)).ToChatResponse();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        var streamedCall = Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Lyon", streamedCall.Arguments!["city"]?.ToString());
        Assert.Contains("get_weather", host.Server.Requests[0].Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Provider_without_usage_gets_a_flagged_estimate_not_zero(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Paris is the capital and largest city of France.").WithoutUsage());
        host.Server.Enqueue(ScriptedReply.Text("Paris is the capital and largest city of France.").WithoutUsage());
        var client = host.Registry.GetChatClient(provider, WireHost.Model);

        var usage = (await client.GetResponseAsync(Prompt, cancellationToken: Ct)).GetInvocationUsage()!;
        var streamedUsage = (await client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct))[^1].GetInvocationUsage()!;

        foreach (var u in new[] { usage, streamedUsage })
        {
            Assert.True(u.IsEstimated);
            Assert.InRange(u.InputTokens, 8, 20);
            Assert.InRange(u.OutputTokens, 8, 14);
            Assert.Equal(provider == "ollama", u.Cost == 0);
        }
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Stream_dropped_midway_reports_partial_text_and_charges_it(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.DropConnection(afterChunks: 4)));
        var received = new List<string>();

        var ex = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
        {
            await foreach (var update in host.Registry.GetChatClient(provider, WireHost.Model).GetStreamingResponseAsync(Prompt, cancellationToken: Ct))
            {
                received.Add(update.Text);
            }
        });

        Assert.NotEmpty(ex.PartialText);
        Assert.Equal(string.Concat(received), ex.PartialText);
        Assert.StartsWith("word1", ex.PartialText, StringComparison.Ordinal);
        Assert.True(ex.Usage.OutputTokens > 0);
        Assert.Equal(provider != "ollama", ex.Usage.Cost > 0);
        Assert.Equal(provider, ex.Provider);
        var record = Assert.Single(host.Sink.Records);
        Assert.Equal(ProviderFailureKind.StreamInterrupted, record.ErrorKind);
        Assert.Equal(ex.Usage, record.Usage);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task In_stream_error_event_is_an_interruption_even_where_the_SDK_ends_silently(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(afterChunks: 6, message: "Overloaded")));

        var ex = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
            await host.Registry.GetChatClient(provider, WireHost.Model).GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct));

        Assert.StartsWith("word1", ex.PartialText, StringComparison.Ordinal);
        Assert.True(ex.Usage.OutputTokens > 0);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Each_model_is_a_keyed_SK_chat_completion_service(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Bonjour"));

        var service = host.Services.GetRequiredKeyedService<IChatCompletionService>($"{provider}/{WireHost.Model}");
        var reply = await service.GetChatMessageContentAsync("Say hello in French", cancellationToken: Ct);

        Assert.Equal("Bonjour", reply.Content);
        Assert.Single(host.Sink.Records);
    }

    [Theory]
    [MemberData(nameof(WireHost.Protocols), MemberType = typeof(WireHost))]
    public async Task Health_check_lists_models_and_reports_an_outage(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);

        var healthy = await host.Registry.CheckHealthAsync(provider, Ct);
        host.Server.ListingFault = WireFault.ServiceUnavailable();
        var unhealthy = await host.Registry.CheckHealthAsync(provider, Ct);

        Assert.True(healthy.IsHealthy, healthy.Detail);
        Assert.False(unhealthy.IsHealthy);
        Assert.Contains("503", unhealthy.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fireworks")]
    [InlineData("jan")]
    public async Task OpenAI_compatible_presets_speak_the_openai_protocol(string provider)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("ok", inputTokens: 5, outputTokens: 1));

        var response = await host.Registry.GetChatClient(provider, WireHost.Model).GetResponseAsync(Prompt, cancellationToken: Ct);

        Assert.Equal("ok", response.Text);
        Assert.Equal(WireProtocol.OpenAI, host.Server.Requests.Single().Protocol);
        Assert.Equal(provider == "jan" ? 0m : ((5 * 3.00m) + (1 * 15.00m)) / 1_000_000m, response.GetInvocationUsage()!.Cost);
    }
}
