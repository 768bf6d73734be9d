using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Testing.Telemetry;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>A real Orchestrator host whose providers all point at one wire-level test server.</summary>
internal sealed class WireHost : IAsyncDisposable
{
    public const string Model = "test-model";

    private WireHost(WireServer server, ServiceProvider services, RecordingInvocationSink sink)
    {
        Server = server;
        Services = services;
        Sink = sink;
    }

    /// <summary>The providers every protocol test runs against: one per protocol and the OpenAI-compatible presets.</summary>
    public static TheoryData<string> Protocols => ["openai", "anthropic", "ollama"];

    public WireServer Server { get; }

    public ServiceProvider Services { get; }

    public RecordingInvocationSink Sink { get; }

    public ProviderRegistry Registry => Services.GetRequiredService<ProviderRegistry>();

    public static async Task<WireHost> StartAsync(double timeoutSeconds = 30, CancellationToken cancellationToken = default)
    {
        var server = await WireServer.StartAsync(cancellationToken);
        var sink = new RecordingInvocationSink();
        var services = new ServiceCollection();
        services.AddSingleton<IInvocationSink>(sink);
        services.AddOrchestrator(options =>
        {
            Add(options, "openai", new ProviderOptions { Type = "openai", BaseUrl = server.OpenAIEndpoint.ToString(), ApiKey = "sk-test-0123456789", TimeoutSeconds = timeoutSeconds }, tier: 3);
            Add(options, "anthropic", new ProviderOptions { Type = "anthropic", BaseUrl = server.AnthropicEndpoint.ToString(), ApiKey = "anthropic-test-key", TimeoutSeconds = timeoutSeconds }, tier: 3);
            Add(options, "ollama", new ProviderOptions { Type = "ollama", BaseUrl = server.OllamaEndpoint.ToString(), TimeoutSeconds = timeoutSeconds }, tier: 0);
            Add(options, "fireworks", new ProviderOptions { Type = "fireworks", BaseUrl = server.OpenAIEndpoint.ToString(), ApiKey = "fw-test", TimeoutSeconds = timeoutSeconds }, tier: 1);
            Add(options, "jan", new ProviderOptions { Type = "jan", BaseUrl = server.OpenAIEndpoint.ToString(), TimeoutSeconds = timeoutSeconds }, tier: 0);
        }).AddStandardProviders();
        return new WireHost(server, services.BuildServiceProvider(), sink);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static void Add(OrchestratorOptions options, string name, ProviderOptions provider, int tier)
    {
        var local = tier == 0;
        provider.Models = [Model];
        options.Providers[name] = provider;
        options.Models.Add(new ModelDescriptor
        {
            Provider = name,
            Id = Model,
            Tier = tier,
            Local = local,
            InputPricePerMillion = local ? 0 : 3.00m,
            OutputPricePerMillion = local ? 0 : 15.00m,
            CachedInputPricePerMillion = local ? 0 : 0.30m,
            ContextWindow = 128_000,
            MaxOutputTokens = 4096,
            SupportsTools = true,
        });
    }
}
