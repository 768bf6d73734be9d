using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 serving the dashboard over a PostgreSQL LLMOps database, a SQLite budget ledger
/// with daily limits (users $10, tier 2 $10), and a router with two OpenAI-protocol providers: "down" (tier 1, a
/// closed port: every call is refused) and "wire" (tier 2, the wire-level test server).
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _ledgerPath;

    private DashboardHost(WebApplication app, WireServer server, string ledgerPath)
    {
        _app = app;
        Server = server;
        _ledgerPath = ledgerPath;
        Address = new Uri(app.Urls.First() + "/dashboard/");
    }

    public WireServer Server { get; }

    public Uri Address { get; }

    public IChatClient Router => _app.Services.GetRequiredService<IChatClient>();

    public BudgetGate Budgets => _app.Services.GetRequiredService<BudgetGate>();

    public static async Task<DashboardHost> StartAsync(string llmOpsConnectionString, CancellationToken cancellationToken)
    {
        var server = await WireServer.StartAsync(cancellationToken);
        server.DefaultReply = ScriptedReply.Text("ok");
        var ledgerPath = Path.Combine(Path.GetTempPath(), $"orch-dashboard-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:LlmOps:ConnectionString"] = llmOpsConnectionString,
            ["Orchestrator:Dashboard:RefreshSeconds"] = "1",
            ["Orchestrator:Dashboard:RecentInvocations"] = "5",
        });
        builder.Services.AddOrchestrator(o =>
        {
            o.Routing.HealthChecks = false;
            o.Providers["down"] = new ProviderOptions { Type = "openai", BaseUrl = "http://127.0.0.1:9/v1/", ApiKey = "sk-test-0123456789", Models = ["down-model"], TimeoutSeconds = 5 };
            o.Providers["wire"] = new ProviderOptions { Type = "openai", BaseUrl = server.OpenAIEndpoint.ToString(), ApiKey = "sk-test-0123456789", Models = ["wire-model"] };
            o.Models.Add(new ModelDescriptor { Provider = "down", Id = "down-model", Tier = 1, InputPricePerMillion = 0.1m, OutputPricePerMillion = 0.2m, ContextWindow = 8192, MaxOutputTokens = 1024 });
            o.Models.Add(new ModelDescriptor { Provider = "wire", Id = "wire-model", Tier = 2, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 1024 });
        }).AddStandardProviders().AddBudgets(o =>
        {
            o.SqlitePath = ledgerPath;
            o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 10m });
            o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Tier, Name = "2", Period = BudgetPeriod.Daily, Limit = 10m });
        });
        builder.Services.AddOrchestratorDashboard(builder.Configuration);
        var app = builder.Build();
        app.MapOrchestratorDashboard();
        await app.StartAsync(cancellationToken);
        return new DashboardHost(app, server, ledgerPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_ledgerPath);
    }
}
