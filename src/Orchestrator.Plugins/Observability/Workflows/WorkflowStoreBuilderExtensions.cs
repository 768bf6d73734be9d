using Orchestrator.Agents;
using Orchestrator.DependencyInjection;
using Orchestrator.Plugins.Observability.Workflows;
using Orchestrator.Tools;
using Orchestrator.Workflows;

#pragma warning disable IDE0130 // Registration extensions live beside AddOrchestrator, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Registers the workflow store (<see cref="IWorkflowStore"/>, also the <see cref="IWorkflowRunSink"/> runs are recorded
/// through) and the tool registry store, on the same database as the LLMOps log. The schema comes from the LLMOps
/// migrations (<c>AddPostgresInvocationLog</c>/<c>AddSqliteInvocationLog</c> apply them at start, or <c>orchestrator migrate</c>).
/// </summary>
public static class WorkflowStoreBuilderExtensions
{
    /// <summary>Stores workflow versions, runs and the tool registry in PostgreSQL.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddPostgresWorkflowStore(this OrchestratorBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddSingleton(_ => new PostgresWorkflowStore(connectionString));
        builder.Services.AddSingleton(_ => new PostgresToolRegistryStore(connectionString));
        return Add(builder, sp => sp.GetRequiredService<PostgresWorkflowStore>(), sp => sp.GetRequiredService<PostgresToolRegistryStore>());
    }

    /// <summary>Stores workflow versions, runs and the tool registry in the embedded SQLite file.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="path">A file path or a SQLite connection string.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddSqliteWorkflowStore(this OrchestratorBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Add(builder, _ => new SqliteWorkflowStore(path), _ => new SqliteToolRegistryStore(path));
    }

    private static OrchestratorBuilder Add(OrchestratorBuilder builder, Func<IServiceProvider, IWorkflowStore> workflows, Func<IServiceProvider, IToolRegistryStore> tools)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(IWorkflowStore)))
        {
            throw new InvalidOperationException("A workflow store is already registered; call AddPostgresWorkflowStore or AddSqliteWorkflowStore once.");
        }

        builder.Services.AddSingleton(workflows);
        builder.Services.AddSingleton<IWorkflowRunSink>(sp => sp.GetRequiredService<IWorkflowStore>());
        builder.Services.AddSingleton(tools);
        return builder;
    }
}
