using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Plugins.Observability;
using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Benchmarks.Observability;

/// <summary>
/// What logging adds to a call: the same in-memory chat call through Orchestrator's metered client without a sink
/// (baseline) and with the LLMOps log, whose hot path only enqueues; plus the bare enqueue of one record. The log's
/// store here discards batches so the queue never fills; database throughput is PostgresLogThroughputBenchmarks.
/// </summary>
[MemoryDiagnoser]
public class InvocationLogHotPathBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];
    private static readonly InvocationRecord Record = new()
    {
        RequestId = "r", StartedAt = DateTimeOffset.UnixEpoch, Provider = "p", Model = "m", Usage = new InvocationUsage(14, 7, 0, false, 0.00001m),
    };

    private ServiceProvider _plain = null!;
    private ServiceProvider _logged = null!;
    private IChatClient _plainClient = null!;
    private IChatClient _loggedClient = null!;
    private LlmOpsLog _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Build(null);
        _log = new LlmOpsLog(new DiscardingStore(), new BatchWriterOptions(), NullLogger.Instance, null, null);
        _logged = Build(_log);
        _plainClient = _plain.GetRequiredKeyedService<IChatClient>("mem/m");
        _loggedClient = _logged.GetRequiredKeyedService<IChatClient>("mem/m");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _log.DisposeAsync();
        await _plain.DisposeAsync();
        await _logged.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "call, no invocation log")]
    public Task<ChatResponse> CallWithoutLog() => _plainClient.GetResponseAsync(Prompt);

    [Benchmark(Description = "call, LLMOps log (enqueue)")]
    public Task<ChatResponse> CallWithLog() => _loggedClient.GetResponseAsync(Prompt);

    [Benchmark(Description = "enqueue one record only")]
    public ValueTask Enqueue() => _log.RecordAsync(Record);

    private static ServiceProvider Build(LlmOpsLog? log)
    {
        var services = new ServiceCollection();
        if (log is not null)
        {
            services.AddSingleton<IInvocationSink>(log);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory, InMemoryProviderFactory>());
        services.AddOrchestrator(o =>
        {
            o.Routing.HealthChecks = false;
            o.Providers["mem"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["m"] };
            o.Models.Add(new ModelDescriptor { Provider = "mem", Id = "m", Tier = 1, InputPricePerMillion = 0.2m, OutputPricePerMillion = 0.2m, ContextWindow = 32_000 });
        });
        return services.BuildServiceProvider();
    }

    private sealed class DiscardingStore : ILlmOpsStore
    {
        public string Name => "discard";

        public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public bool IsPermanentFailure(Exception exception) => false;

        public Task WriteAsync(IReadOnlyList<object> batch, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteBudgetPoolsAsync(IReadOnlyList<Orchestrator.Budgets.BudgetPoolSnapshot> pools, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
