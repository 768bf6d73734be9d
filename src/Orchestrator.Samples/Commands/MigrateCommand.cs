using System.ComponentModel;
using Orchestrator.Plugins.Observability;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class MigrateCommand : AsyncCommand<MigrateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--postgres <CONNECTION>")]
        [Description("Npgsql connection string of the LLMOps database (default: environment variable Orchestrator__LlmOps__ConnectionString).")]
        public string? Postgres { get; init; }

        [CommandOption("--sqlite <FILE>")]
        [Description("Migrate an embedded SQLite LLMOps file instead.")]
        public string? Sqlite { get; init; }

        public override ValidationResult Validate() =>
            Postgres is not null && Sqlite is not null ? ValidationResult.Error("Give --postgres or --sqlite, not both.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var postgres = settings.Postgres ?? Environment.GetEnvironmentVariable("Orchestrator__LlmOps__ConnectionString");
        if (settings.Sqlite is null && string.IsNullOrWhiteSpace(postgres))
        {
            AnsiConsole.MarkupLine("[red]No database.[/] Pass --postgres \"Host=...;Database=...;Username=...\" (or set Orchestrator__LlmOps__ConnectionString), or --sqlite FILE.");
            return 2;
        }

        try
        {
            var applied = settings.Sqlite is not null
                ? await LlmOpsSchema.MigrateSqliteAsync(settings.Sqlite, cancellationToken: cancellationToken)
                : await LlmOpsSchema.MigratePostgresAsync(postgres!, cancellationToken: cancellationToken);
            AnsiConsole.MarkupLine(applied.Count == 0 ? "Schema is up to date." : $"Applied {applied.Count} migration(s):");
            foreach (var name in applied)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(name)}");
            }

            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or EvolveDb.EvolveException)
        {
            AnsiConsole.MarkupLine($"[red]Migration failed[/]: {Markup.Escape(ex.Message)}");
            return 4;
        }
    }
}
