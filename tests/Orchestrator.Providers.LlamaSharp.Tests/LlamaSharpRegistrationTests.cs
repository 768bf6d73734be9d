using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Telemetry;
using Orchestrator.Testing.Telemetry;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>The local model end to end through Orchestrator's registration, registry, metering and SK adapter.</summary>
public sealed class LlamaSharpRegistrationTests(Stories260K model) : IClassFixture<Stories260K>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_model_added_in_code_is_metered_with_exact_usage_at_zero_cost()
    {
        await using var services = Build(model.RequirePath());
        var registry = services.GetRequiredService<ProviderRegistry>();
        var client = registry.GetChatClient("local", Stories260K.ModelId);

        var response = await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }, Cancel);

        var usage = response.GetInvocationUsage();
        Assert.NotNull(usage);
        Assert.False(usage.IsEstimated);
        Assert.Equal(0m, usage.Cost);
        Assert.Equal(8, usage.OutputTokens);
        Assert.Equal(model.CountTokens("User: Once upon a time\nAssistant:"), usage.InputTokens);
        Assert.Equal("local", response.AdditionalProperties?[OrchestratorChatProperties.Provider]);
    }

    [Fact]
    public async Task The_catalog_entry_is_local_tier_zero_free_and_without_tools()
    {
        await using var services = Build(model.RequirePath());
        var registry = services.GetRequiredService<ProviderRegistry>();

        Assert.True(registry.Catalog.TryGet("local", Stories260K.ModelId, out var entry));
        Assert.Equal(0, entry.Tier);
        Assert.True(entry.Local);
        Assert.Equal(0m, entry.InputPricePerMillion);
        Assert.Equal(0m, entry.OutputPricePerMillion);
        Assert.False(entry.SupportsTools);
        Assert.Equal(1024, entry.ContextWindow);
        var provider = Assert.Single(registry.Providers);
        Assert.True(provider.Local);
        Assert.Equal("llamasharp", provider.Protocol);
        var health = await registry.CheckHealthAsync("local", Cancel);
        Assert.True(health.IsHealthy, health.Detail);
    }

    [Fact]
    public async Task The_keyed_semantic_kernel_service_answers_and_the_call_is_metered_exactly_at_zero_cost()
    {
        var sink = new RecordingInvocationSink();
        await using var services = Build(model.RequirePath(), sink);
        var chat = services.GetRequiredKeyedService<IChatCompletionService>("local/stories260K");

        var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["temperature"] = 0, ["max_tokens"] = 6 } };
        var message = await chat.GetChatMessageContentAsync("Once upon a time", settings, cancellationToken: Cancel);

        // SK's adapter passes M.E.AI's UsageDetails on; Orchestrator's normalized usage and cost land in the invocation record.
        Assert.False(string.IsNullOrWhiteSpace(message.Content));
        var details = Assert.IsType<UsageDetails>(message.Metadata?["Usage"]);
        Assert.Equal(6, details.OutputTokenCount);
        var record = Assert.Single(sink.Records);
        Assert.Equal(("local", Stories260K.ModelId, 0, true), (record.Provider, record.Model, record.Tier, record.Local));
        Assert.False(record.Usage.IsEstimated);
        Assert.Equal(0m, record.Usage.Cost);
        Assert.Equal(details.InputTokenCount, record.Usage.InputTokens);
        Assert.Equal(6, record.Usage.OutputTokens);
    }

    [Fact]
    public async Task The_only_local_model_is_the_default_chat_client_and_streams_with_usage_last()
    {
        await using var services = Build(model.RequirePath());
        var client = services.GetRequiredService<IChatClient>();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 10 }, Cancel))
        {
            updates.Add(update);
        }

        var usage = updates[^1].GetInvocationUsage();
        Assert.NotNull(usage);
        Assert.False(usage.IsEstimated);
        Assert.Equal(10, usage.OutputTokens);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Length);
    }

    [Fact]
    public async Task A_provider_configured_in_options_works_once_the_protocol_is_registered()
    {
        var path = model.RequirePath();
        var services = new ServiceCollection();
        services.AddOrchestrator(o =>
        {
            o.Providers["tiny"] = new ProviderOptions { Type = "llamasharp", Models = ["stories"], Settings = { ["ModelPath"] = path, ["ContextSize"] = "256" } };
            o.Models.Add(new ModelDescriptor { Provider = "tiny", Id = "stories", Local = true, InputPricePerMillion = 0, OutputPricePerMillion = 0 });
        }).AddLlamaSharpProvider();
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredKeyedService<IChatClient>("tiny/stories");
        var response = await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 5 }, Cancel);

        Assert.Equal(5, response.GetInvocationUsage()?.OutputTokens);
    }

    [Fact]
    public async Task A_configuration_bound_host_can_make_the_model_added_in_code_its_private_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:DefaultModel"] = "local/stories260K",
            ["Orchestrator:PrivacyMode"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddOrchestrator(configuration).AddLlamaSharpModel("local", Stories260K.ModelId, model.RequirePath(), contextSize: 512);
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 4 }, Cancel);

        Assert.Equal(4, response.GetInvocationUsage()?.OutputTokens);
        Assert.Equal("local", response.AdditionalProperties?[OrchestratorChatProperties.Provider]);
    }

    [Fact]
    public async Task A_kernel_prompt_runs_on_the_local_model_by_service_id()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddOrchestrator(_ => { }).AddLlamaSharpModel("local", Stories260K.ModelId, model.RequirePath(), contextSize: 512);
        var kernel = builder.Build();
        var settings = new PromptExecutionSettings { ServiceId = "local/stories260K", ExtensionData = new Dictionary<string, object> { ["temperature"] = 0, ["max_tokens"] = 6 } };

        var result = await kernel.InvokePromptAsync("Once upon a time", new KernelArguments(settings), cancellationToken: Cancel);

        Assert.False(string.IsNullOrWhiteSpace(result.GetValue<string>()));
        Assert.Equal(6L, Assert.IsType<UsageDetails>(result.Metadata?["Usage"]).OutputTokenCount);
    }

    private static ServiceProvider Build(string modelPath, RecordingInvocationSink? sink = null)
    {
        var services = new ServiceCollection();
        if (sink is not null)
        {
            services.AddSingleton<IInvocationSink>(sink);
        }

        services.AddOrchestrator(_ => { }).AddLlamaSharpModel(name: "local", modelId: Stories260K.ModelId, modelPath: modelPath, contextSize: 1024);
        return services.BuildServiceProvider();
    }
}
