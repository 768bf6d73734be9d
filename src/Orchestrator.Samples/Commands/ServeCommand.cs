using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Samples.Hosting;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

/// <summary>Serves the OpenAI-compatible gateway, the Budget REST API (and its OpenAPI document), the Prometheus scrape endpoint at /metrics, the live dashboard at /dashboard/ and the health endpoints, on loopback by default.</summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : HostSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen; 127.0.0.1 only by default. Binding other addresses exposes the API: configure Orchestrator:BudgetApi:Keys.")]
        [DefaultValue("http://127.0.0.1:5080")]
        public string Urls { get; init; } = "http://127.0.0.1:5080";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
            if (settings.ConfigFile is not null)
            {
                builder.Configuration.AddJsonFile(Path.GetFullPath(settings.ConfigFile), optional: false);
            }

            builder.Configuration.AddEnvironmentVariables();
            builder.WebHost.UseUrls(settings.Urls);
            var orchestrator = builder.Services.AddOrchestrator(builder.Configuration).AddStandardProviders().AddBudgets(builder.Configuration);

            // Every gateway call is logged: to PostgreSQL when Orchestrator:LlmOps:ConnectionString is set (what the
            // dashboard, stats and Grafana read), else to the embedded SQLite log (stats --sqlite reads it).
            var llmOps = builder.Configuration["Orchestrator:LlmOps:ConnectionString"];
            if (!string.IsNullOrWhiteSpace(llmOps))
            {
                orchestrator.AddPostgresInvocationLog(llmOps);
            }
            else
            {
                orchestrator.AddSqliteInvocationLog(builder.Configuration["Orchestrator:LlmOps:SqlitePath"] ?? "orchestrator-llmops.db");
            }

            builder.Services.AddBudgetApi(builder.Configuration);
            builder.Services.AddOrchestratorMetrics();
            // The gateway's /v1/embeddings serves all-MiniLM-L6-v2 unless a model is configured: the OpenAI wire has no way
            // to say that an input is a search query, and arctic-embed (in the RAG default's pair) wants queries embedded
            // after its instruction, so a symmetric model is the honest default for remote callers.
            var miniLm = builder.Configuration.GetSection(MiniLmEmbeddingOptions.SectionName).Get<MiniLmEmbeddingOptions>() ?? new MiniLmEmbeddingOptions();
            if (builder.Configuration[MiniLmEmbeddingOptions.SectionName + ":Model"] is null)
            {
                miniLm.Model = MiniLmModel.AllMiniLmL6V2;
            }

            builder.Services.AddSingleton(_ => EmbedderFactory.Create(options: miniLm));
            builder.Services.AddOrchestratorGateway(builder.Configuration);
            builder.Services.AddOrchestratorHealthChecks();
            builder.Services.AddOrchestratorDashboard(builder.Configuration);
            await using var app = builder.Build();
            app.MapBudgetApi();
            app.MapOrchestratorMetrics();
            app.MapOrchestratorGateway();
            app.MapOrchestratorHealth();
            app.MapOrchestratorDashboard();
            await app.StartAsync(cancellationToken);
            AnsiConsole.MarkupLine($"Budget API and OpenAI-compatible gateway (/v1/chat/completions, /v1/models, /v1/embeddings; keys at /admin/keys) on [green]{Markup.Escape(string.Join(", ", app.Urls))}[/] (OpenAPI: /openapi/budget.json), Prometheus metrics at /metrics, the dashboard at /dashboard/, health at /health/live and /health/ready. Ctrl+C stops.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
}
