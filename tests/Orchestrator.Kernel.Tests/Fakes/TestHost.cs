using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Testing.Telemetry;

namespace Orchestrator.Kernel.Tests.Fakes;

/// <summary>A real Orchestrator service provider whose only provider is a scripted client.</summary>
internal sealed class TestHost : IDisposable
{
    public TestHost(Action<OrchestratorOptions>? configure = null, double timeoutSeconds = 30)
    {
        Services = new ServiceCollection();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IInvocationSink>(Sink);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory>(Factory));
        Services.AddOrchestrator(options =>
        {
            options.Providers["fake"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["model-a"], TimeoutSeconds = timeoutSeconds };
            options.Models.Add(ModelA);
            configure?.Invoke(options);
        });
        Provider = Services.BuildServiceProvider();
    }

    public static ModelDescriptor ModelA { get; } = new()
    {
        Provider = "fake", Id = "model-a", Tier = 1, InputPricePerMillion = 1.00m, OutputPricePerMillion = 2.00m, CachedInputPricePerMillion = 0.50m, ContextWindow = 8192, MaxOutputTokens = 1024,
    };

    public ScriptedChatClient Client { get; } = new();

    public FakeProviderFactory Factory => _factory ??= new FakeProviderFactory(Client);

    public RecordingInvocationSink Sink { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public ServiceCollection Services { get; }

    public ServiceProvider Provider { get; }

    public ProviderRegistry Registry => Provider.GetRequiredService<ProviderRegistry>();

    private FakeProviderFactory? _factory;

    public void Dispose() => Provider.Dispose();
}
