using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Hosting.TestHost;

/// <summary>
/// The gateway host composition the tests and the load test share: Orchestrator with the standard providers, budgets
/// (Redis or SQLite), the LLMOps log (PostgreSQL or SQLite) when configured, the gateway, the health checks, and
/// MiniLM embeddings unless <c>Gateway:Embeddings</c> is <c>none</c>.
/// </summary>
public static class GatewayApp
{
    /// <summary>Builds the host; <paramref name="settings"/> override environment variables.</summary>
    /// <param name="urls">Where to listen.</param>
    /// <param name="settings">Configuration values (Orchestrator:...).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string urls, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var configuration = builder.Configuration;
        var orchestrator = builder.Services.AddOrchestrator(configuration).AddStandardProviders();
        if (!string.Equals(configuration["Gateway:Budgets"], "off", StringComparison.OrdinalIgnoreCase))
        {
            orchestrator.AddBudgets(configuration);
        }

        if (configuration["Gateway:LogPostgres"] is { Length: > 0 } postgres)
        {
            orchestrator.AddPostgresInvocationLog(postgres);
        }
        else if (configuration["Gateway:LogSqlite"] is { Length: > 0 } sqlite)
        {
            orchestrator.AddSqliteInvocationLog(sqlite);
        }

        if (!string.Equals(configuration["Gateway:Embeddings"], "none", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 }));
        }

        builder.Services.AddOrchestratorGateway(configuration);
        builder.Services.AddOrchestratorHealthChecks();
        var app = builder.Build();
        app.MapOrchestratorGateway();
        app.MapOrchestratorHealth();
        return app;
    }
}
