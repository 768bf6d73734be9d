using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Benchmarks.Routing;

/// <summary>
/// The router's added cost per call: N concurrent callers each make one chat call, either through the router
/// (candidate ranking, breaker, decision, events) or straight to the metered client the router would choose.
/// Both against the wire-level test server on loopback, in the same run.
/// </summary>
[MemoryDiagnoser]
public class RouterOverheadBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];
    private WireServer _server = null!;
    private ServiceProvider _services = null!;
    private IChatClient _router = null!;
    private IChatClient _direct = null!;

    [Params(1, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await WireServer.StartAsync();
        _server.DefaultReply = ScriptedReply.Text("Paris is the capital of France.", inputTokens: 14, outputTokens: 7);
        var services = new ServiceCollection();
        services.AddOrchestrator(options =>
        {
            options.Routing.HealthChecks = false;
            foreach (var (name, tier) in new[] { ("primary", 1), ("secondary", 1), ("premium", 3) })
            {
                options.Providers[name] = new ProviderOptions { Type = "openai-compatible", BaseUrl = _server.OpenAIEndpoint.ToString(), Models = ["m"], Priority = tier * 10 + name.Length };
                options.Models.Add(new ModelDescriptor { Provider = name, Id = "m", Tier = tier, InputPricePerMillion = 0.2m, OutputPricePerMillion = 0.2m, ContextWindow = 32_000, SupportsTools = true });
            }
        }).AddStandardProviders();
        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<IChatClient>();
        var chosen = (await _router.GetResponseAsync(Prompt)).GetRoutingDecision()!.ServedBy!;
        _direct = _services.GetRequiredKeyedService<IChatClient>($"{chosen.Provider}/{chosen.Model}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "chosen client, direct")]
    public Task Direct() => RunAsync(_direct);

    [Benchmark(Description = "through the router")]
    public Task Routed() => RunAsync(_router);

    private Task RunAsync(IChatClient client)
    {
        if (Callers == 1)
        {
            return client.GetResponseAsync(Prompt);
        }

        var calls = new Task[Callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = client.GetResponseAsync(Prompt);
        }

        return Task.WhenAll(calls);
    }
}
