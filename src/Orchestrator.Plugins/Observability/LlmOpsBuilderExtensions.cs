using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.DependencyInjection;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Plugins.Observability.Sqlite;
using Orchestrator.Telemetry;

#pragma warning disable IDE0130 // Registration extensions live beside AddOrchestrator, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the LLMOps log: every invocation and agent message written to PostgreSQL or SQLite in the background.</summary>
public static class LlmOpsBuilderExtensions
{
    /// <summary>Logs every invocation to PostgreSQL (binary COPY in batches), applying the schema at host start.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Adjusts queue, batch, retry and migration settings.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddPostgresInvocationLog(this OrchestratorBuilder builder, string connectionString, Action<LlmOpsLogOptions>? configure = null) =>
        Add(builder, connectionString, configure, (cs, logger) => new PostgresLlmOpsStore(cs, logger));

    /// <summary>Logs every invocation to a SQLite file (the embedded default), applying the schema at host start.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="path">A file path or a SQLite connection string.</param>
    /// <param name="configure">Adjusts queue, batch, retry and migration settings.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddSqliteInvocationLog(this OrchestratorBuilder builder, string path, Action<LlmOpsLogOptions>? configure = null) =>
        Add(builder, path, configure, (cs, logger) => new SqliteLlmOpsStore(cs, logger));

    private static OrchestratorBuilder Add(OrchestratorBuilder builder, string connectionString, Action<LlmOpsLogOptions>? configure, Func<string, ILogger, ILlmOpsStore> createStore)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(LlmOpsLog)))
        {
            // A second log would receive every record twice; one database per host is the supported shape.
            throw new InvalidOperationException("An LLMOps invocation log is already registered; call AddPostgresInvocationLog or AddSqliteInvocationLog once.");
        }

        services.AddOptions<LlmOpsLogOptions>()
            .Configure(o =>
            {
                o.ConnectionString = connectionString;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOpsLogOptions>, LlmOpsLogOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOpsLogOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.LlmOps");
            return new LlmOpsLog(createStore(options.ConnectionString, logger), options.Writer, logger, sp.GetService<IMeterFactory>(), sp.GetService<TimeProvider>());
        });
        services.AddSingleton<IInvocationSink>(sp => sp.GetRequiredService<LlmOpsLog>());
        services.AddSingleton<IAgentMessageSink>(sp => sp.GetRequiredService<LlmOpsLog>());
        // With budgets added, the budget snapshot service writes the ledger's pools into budget_pools through the log.
        services.AddSingleton<Orchestrator.Budgets.IBudgetPoolMirror>(sp => sp.GetRequiredService<LlmOpsLog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LlmOpsMigrationService>());
        return builder;
    }
}
