using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;

namespace Orchestrator.Benchmarks.Providers;

/// <summary>
/// The CPU Orchestrator adds per call with no I/O at all: an in-memory chat client that answers at once, called bare,
/// through the metered provider client, and through the router. Isolates our code from network and SDK noise.
/// </summary>
[MemoryDiagnoser]
public class MeteringOverheadBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];
    private readonly InstantChatClient _bare = new();
    private ServiceProvider _services = null!;
    private IChatClient _metered = null!;
    private IChatClient _router = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory>(new InstantFactory(_bare)));
        services.AddOrchestrator(options =>
        {
            options.Routing.HealthChecks = false;
            options.Providers["mem"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["m"] };
            options.Models.Add(new ModelDescriptor { Provider = "mem", Id = "m", Tier = 1, InputPricePerMillion = 0.2m, OutputPricePerMillion = 0.2m, ContextWindow = 32_000 });
        });
        _services = services.BuildServiceProvider();
        _metered = _services.GetRequiredKeyedService<IChatClient>("mem/m");
        _router = _services.GetRequiredService<IChatClient>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "in-memory client, bare")]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(Prompt);

    [Benchmark(Description = "metered provider client")]
    public Task<ChatResponse> Metered() => _metered.GetResponseAsync(Prompt);

    [Benchmark(Description = "router + metered provider client")]
    public Task<ChatResponse> Routed() => _router.GetResponseAsync(Prompt);

    private sealed class InstantChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris."))
            {
                FinishReason = ChatFinishReason.Stop,
                Usage = new UsageDetails { InputTokenCount = 14, OutputTokenCount = 2 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("This benchmark measures non-streamed calls only.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class InstantFactory(IChatClient client) : IChatProviderFactory
    {
        public string Protocol => "openai";

        public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

        public IChatProvider Create(ProviderDescriptor provider) => new InstantProvider(provider, client);
    }

    private sealed class InstantProvider(ProviderDescriptor descriptor, IChatClient client) : IChatProvider
    {
        public ProviderDescriptor Descriptor => descriptor;

        public IChatClient CreateChatClient(string modelId) => client;

        public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderHealth(true, "in memory", TimeSpan.Zero, DateTimeOffset.UtcNow));

        public void Dispose()
        {
        }
    }
}
