using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Routing;

/// <summary>
/// A real Orchestrator host with four providers over the wire server: "local" (Ollama, tier 0), "cheap-a" and
/// "cheap-b" (OpenAI-compatible, tier 1, priorities 10 and 20; cheap-a on its own server so its health can differ),
/// and "premium" (Anthropic, tier 3). Each provider serves one model, so replies are scripted per model.
/// </summary>
internal sealed class RouterHost : IAsyncDisposable
{
    private RouterHost(WireServer main, WireServer solo, ServiceProvider services, Observer observer)
    {
        Main = main;
        Solo = solo;
        Services = services;
        Events = observer;
    }

    public WireServer Main { get; }

    /// <summary>Gets the server that only cheap-a uses.</summary>
    public WireServer Solo { get; }

    public ServiceProvider Services { get; }

    public Observer Events { get; }

    public IChatClient Router => Services.GetRequiredService<IChatClient>();

    public RouterChatClient RouterClient => Services.GetRequiredService<RouterChatClient>();

    public WireScript Local => Main.ForModel("small");

    public WireScript CheapA => Solo.ForModel("fast-a");

    public WireScript CheapB => Main.ForModel("fast-b");

    public WireScript Premium => Main.ForModel("big");

    public static async Task<RouterHost> StartAsync(TimeProvider? time = null, Action<OrchestratorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var main = await WireServer.StartAsync(cancellationToken);
        var solo = await WireServer.StartAsync(cancellationToken);
        var observer = new Observer();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IRouterObserver>(observer);
        services.AddMetrics();
        services.AddOrchestrator(options =>
        {
            options.Routing.HealthChecks = false;
            Add(options, "local", "ollama", main.OllamaEndpoint, "small", tier: 0, priority: 10, tools: true);
            Add(options, "cheap-a", "openai-compatible", solo.OpenAIEndpoint, "fast-a", tier: 1, priority: 10, tools: true);
            Add(options, "cheap-b", "openai-compatible", main.OpenAIEndpoint, "fast-b", tier: 1, priority: 20, tools: false);
            Add(options, "premium", "anthropic", main.AnthropicEndpoint, "big", tier: 3, priority: 10, tools: true);
            configure?.Invoke(options);
        }).AddStandardProviders();
        return new RouterHost(main, solo, services.BuildServiceProvider(), observer);
    }

    /// <summary>How many chat requests reached a model.</summary>
    public int CallsTo(string model) =>
        Main.Requests.Concat(Solo.Requests).Count(r => r.Method == "POST" && r.Model == model);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Main.DisposeAsync();
        await Solo.DisposeAsync();
    }

    private static void Add(OrchestratorOptions options, string name, string type, Uri endpoint, string model, int tier, int priority, bool tools)
    {
        var local = tier == 0;
        options.Providers[name] = new ProviderOptions { Type = type, BaseUrl = endpoint.ToString(), ApiKey = "test-key", Models = [model], Priority = priority, Local = local, TimeoutSeconds = 30 };
        options.Models.Add(new ModelDescriptor
        {
            Provider = name, Id = model, Tier = tier, Local = local, SupportsTools = tools, ContextWindow = 32_000, MaxOutputTokens = 2048,
            InputPricePerMillion = tier switch { 0 => 0m, 1 => 0.20m, _ => 3.00m },
            OutputPricePerMillion = tier switch { 0 => 0m, 1 => 0.20m, _ => 15.00m },
        });
    }

    internal sealed class Observer : IRouterObserver
    {
        public ConcurrentQueue<(string Provider, BreakerState State)> BreakerChanges { get; } = new();

        public ConcurrentQueue<(RoutingAttempt Failed, RoutingCandidate Next)> Failovers { get; } = new();

        public ConcurrentQueue<RoutingDecision> Decisions { get; } = new();

        public void OnBreakerStateChanged(string provider, BreakerState state) => BreakerChanges.Enqueue((provider, state));

        public void OnFailover(RoutingAttempt failed, RoutingCandidate next) => Failovers.Enqueue((failed, next));

        public void OnDecision(RoutingDecision decision) => Decisions.Enqueue(decision);
    }
}
