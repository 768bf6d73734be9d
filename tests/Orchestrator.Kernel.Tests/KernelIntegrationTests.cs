using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Kernel.Tests.Fakes;
using Orchestrator.Usage;

namespace Orchestrator.Kernel.Tests;

public sealed class KernelIntegrationTests
{
    [Fact]
    public async Task Each_model_is_a_keyed_SK_chat_service_and_the_default_is_unkeyed()
    {
        using var host = new TestHost();
        host.Client.OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "pong")) { FinishReason = ChatFinishReason.Stop });

        var keyed = host.Provider.GetRequiredKeyedService<IChatCompletionService>("fake/model-a");
        var reply = await keyed.GetChatMessageContentAsync("ping", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("pong", reply.Content);
        Assert.NotNull(host.Provider.GetService<IChatClient>());
        Assert.Single(host.Sink.Records);
    }

    [Fact]
    public async Task Function_filter_adds_the_cost_of_the_model_calls_made_inside_a_kernel_function()
    {
        using var host = new TestHost();
        host.Client.OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 50 },
        });
        var kernel = new Microsoft.SemanticKernel.Kernel(host.Provider);
        var chat = host.Provider.GetRequiredKeyedService<IChatClient>("fake/model-a");
        var function = KernelFunctionFactory.CreateFromMethod(async (CancellationToken ct) =>
        {
            await chat.GetResponseAsync("first", cancellationToken: ct);
            await chat.GetResponseAsync("second", cancellationToken: ct);
            return "done";
        }, "TwoCalls");

        var result = await kernel.InvokeAsync(function, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("done", result.GetValue<string>());
        var usage = Assert.IsType<InvocationUsage>(result.Metadata![OrchestratorChatProperties.Usage]);
        Assert.Equal(200, usage.InputTokens);
        Assert.Equal(100, usage.OutputTokens);
        Assert.Equal(2 * ((100 * 1.00m) + (50 * 2.00m)) / 1_000_000m, usage.Cost);
    }
}
