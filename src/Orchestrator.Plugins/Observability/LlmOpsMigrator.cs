using System.Data.Common;
using EvolveDb;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Plugins.Observability;

/// <summary>
/// Applies the embedded schema migrations (<c>migrations/NNN_name.sql</c>) with Evolve: in version order, each once,
/// each checksummed (an edited applied file is refused), under a database lock so several hosts may start at once.
/// </summary>
internal static partial class LlmOpsMigrator
{
    public const string PostgresResources = "Orchestrator.Migrations.Postgres";
    public const string SqliteResources = "Orchestrator.Migrations.Sqlite";

    public static Task<IReadOnlyList<string>> MigrateAsync(DbConnection connection, string resourcePrefix, ILogger logger, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<string>>(
            () =>
            {
                var evolve = new Evolve(connection, message => LogEvolve(logger, message))
                {
                    EmbeddedResourceAssemblies = [typeof(LlmOpsMigrator).Assembly],
                    EmbeddedResourceFilters = [resourcePrefix],
                    SqlMigrationPrefix = "V",
                    SqlMigrationSeparator = "_",
                    MetadataTableName = "llmops_schema_history",
                    IsEraseDisabled = true,
                    EnableClusterMode = true,
                };
                evolve.Migrate();
                return [.. evolve.AppliedMigrations];
            },
            cancellationToken);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Migrations: {Message}")]
    private static partial void LogEvolve(ILogger logger, string message);
}
