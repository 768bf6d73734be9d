using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 serving <c>/metrics</c> through <c>MapOrchestratorMetrics()</c>, whose router
/// calls one OpenAI-protocol provider ("wire", model "wire-model", tier 2) served by the wire-level test server.
/// </summary>
public sealed class MetricsHost : IAsyncDisposable
{
    // Unique to this host: the exporter listens to every "Orchestrator" meter in the process, and other tests' hosts
    // (provider "fake", model "model-a") run in parallel, so the tests select their series by these labels.
    public const string Provider = "wire";

    public const string Model = "wire-model";

    private readonly WebApplication _app;

    private MetricsHost(WebApplication app, WireServer server)
    {
        _app = app;
        Server = server;
        Address = new Uri(app.Urls.First());
    }

    public WireServer Server { get; }

    public Uri Address { get; }

    public IChatClient Router => _app.Services.GetRequiredService<IChatClient>();

    public static async Task<MetricsHost> StartAsync(CancellationToken cancellationToken)
    {
        var server = await WireServer.StartAsync(cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddOrchestrator(o =>
        {
            o.Routing.HealthChecks = false;
            o.Providers[Provider] = new ProviderOptions { Type = "openai", BaseUrl = server.OpenAIEndpoint.ToString(), ApiKey = "sk-test-0123456789", Models = [Model] };
            o.Models.Add(new ModelDescriptor { Provider = Provider, Id = Model, Tier = 2, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 1024 });
        }).AddStandardProviders()
        .AddBudgets(o =>
        {
            // A global daily cap, so the utilization gauge has a pool no other test in this process uses.
            o.SqlitePath = ":memory:";
            o.SnapshotIntervalSeconds = 0.2;
            o.Limits.Add(new Orchestrator.Budgets.BudgetLimitOptions { Scope = Orchestrator.Budgets.BudgetScope.Global, Period = Orchestrator.Budgets.BudgetPeriod.Daily, Limit = 1m });
        });
        builder.Services.AddOrchestratorMetrics();
        var app = builder.Build();
        app.MapOrchestratorMetrics();
        await app.StartAsync(cancellationToken);
        return new MetricsHost(app, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Server.DisposeAsync();
    }
}
