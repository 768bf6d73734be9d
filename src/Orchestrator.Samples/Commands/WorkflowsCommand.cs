using System.ComponentModel;
using System.Globalization;
using Orchestrator.Plugins.Observability.Workflows;
using Orchestrator.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class WorkflowsCommand : AsyncCommand<WorkflowsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--postgres <CONNECTION>")]
        [Description("Npgsql connection string of the LLMOps database (default: environment variable Orchestrator__LlmOps__ConnectionString).")]
        public string? Postgres { get; init; }

        [CommandOption("--sqlite <FILE>")]
        [Description("Read an embedded SQLite LLMOps file instead.")]
        public string? Sqlite { get; init; }

        [CommandOption("--workflow <ID>")]
        [Description("Only this workflow (default: every workflow with versions).")]
        public string? Workflow { get; init; }

        [CommandOption("--days <DAYS>")]
        [Description("Only runs of the last DAYS days (default: all runs).")]
        public int? Days { get; init; }

        [CommandOption("--control <VERSION>")]
        [Description("The version the others are compared with (default: the lowest version with runs).")]
        public string? Control { get; init; }

        [CommandOption("--set-traffic <WEIGHTS>")]
        [Description("Set the experiment weights of --workflow first, for example v1=0.7,v2=0.3 (unnamed versions stop taking traffic).")]
        public string? SetTraffic { get; init; }

        public override ValidationResult Validate()
        {
            if (Postgres is not null && Sqlite is not null)
            {
                return ValidationResult.Error("Give --postgres or --sqlite, not both.");
            }

            if (SetTraffic is not null && Workflow is null)
            {
                return ValidationResult.Error("--set-traffic needs --workflow.");
            }

            if (SetTraffic is not null && ParseWeights(SetTraffic) is null)
            {
                return ValidationResult.Error("--set-traffic must look like v1=0.7,v2=0.3 (each weight between 0 and 1).");
            }

            return Days is < 1 ? ValidationResult.Error("--days must be at least 1.") : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var postgres = settings.Postgres ?? Environment.GetEnvironmentVariable("Orchestrator__LlmOps__ConnectionString");
        if (settings.Sqlite is null && string.IsNullOrWhiteSpace(postgres))
        {
            AnsiConsole.MarkupLine("[red]No database.[/] Pass --postgres \"Host=...;Database=...;Username=...\" (or set Orchestrator__LlmOps__ConnectionString), or --sqlite FILE.");
            return 2;
        }

        await using var postgresStore = settings.Sqlite is null ? new PostgresWorkflowStore(postgres!) : null;
        IWorkflowStore store = (IWorkflowStore?)postgresStore ?? new SqliteWorkflowStore(settings.Sqlite!);
        try
        {
            if (settings.SetTraffic is not null)
            {
                await store.SetTrafficAsync(settings.Workflow!, ParseWeights(settings.SetTraffic)!, cancellationToken);
            }

            var workflows = settings.Workflow is not null ? [settings.Workflow] : await store.ListWorkflowsAsync(cancellationToken);
            if (workflows.Count == 0)
            {
                AnsiConsole.MarkupLine("No workflow versions are stored yet (a host registers them with IWorkflowStore.RegisterAsync).");
                return 0;
            }

            var since = settings.Days is { } days ? DateTimeOffset.UtcNow.AddDays(-days) : (DateTimeOffset?)null;
            foreach (var workflow in workflows)
            {
                await ShowAsync(store, workflow, since, settings.Control, cancellationToken);
            }

            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or KeyNotFoundException or ArgumentException)
        {
            AnsiConsole.MarkupLine($"[red]Failed[/]: {Markup.Escape(ex.Message)} (has 'orchestrator migrate' been run?)");
            return 4;
        }
    }

    private static async Task ShowAsync(IWorkflowStore store, string workflow, DateTimeOffset? since, string? control, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(workflow, cancellationToken);
        var table = new Table().Title($"Workflow {Markup.Escape(workflow)}: versions").AddColumns("Version", "Created", "Hash", "Traffic", "Pattern", "Agents", "Description");
        foreach (var v in versions)
        {
            table.AddRow(
                Markup.Escape(v.Version),
                v.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                v.ContentHash.Length >= 12 ? v.ContentHash[..12] : "-",
                v.IsActive ? v.TrafficShare.ToString("P0", CultureInfo.InvariantCulture) : "off",
                Markup.Escape(v.Definition.Pattern),
                Markup.Escape(string.Join(", ", v.Definition.Agents.Select(a => a.Name))),
                Markup.Escape(v.Description ?? string.Empty));
        }

        AnsiConsole.Write(table);
        var report = ExperimentReport.Build(workflow, await store.ListRunsAsync(workflow, since, cancellationToken), control);
        if (report.Versions.Count == 0)
        {
            AnsiConsole.MarkupLine("  No runs recorded.");
            return;
        }

        var results = new Table().Title($"Experiment: per version").AddColumns("Version", "Runs", "Success", "Cost/run", "p50", "p95", "Judge");
        var tests = new Table().Title($"Versus control {Markup.Escape(report.Control)} (two-sided, alpha {report.Alpha.ToString(CultureInfo.InvariantCulture)})")
            .AddColumns("Version", "Metric", "Test", "Statistic", "Verdict");
        foreach (var m in report.Versions)
        {
            results.AddRow(
                Markup.Escape(m.Version),
                m.Runs.ToString(CultureInfo.InvariantCulture),
                m.SuccessRate.ToString("P1", CultureInfo.InvariantCulture),
                "$" + m.MeanCostUsd.ToString("0.00####", CultureInfo.InvariantCulture),
                Ms(m.LatencyP50),
                Ms(m.LatencyP95),
                m.MeanJudgeScore is { } judge ? $"{judge.ToString("0.00", CultureInfo.InvariantCulture)} (n={m.JudgedRuns})" : "-");
            if (m.VersusControl is { } vs)
            {
                foreach (var (metric, test) in new[] { ("success rate", vs.SuccessRate), ("cost", vs.Cost), ("latency", vs.Latency), ("judge score", vs.JudgeScore) })
                {
                    tests.AddRow(Markup.Escape(m.Version), metric, test.Test, double.IsNaN(test.Statistic) ? "-" : test.Statistic.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(test.Verdict));
                }
            }
        }

        AnsiConsole.Write(results);
        if (tests.Rows.Count > 0)
        {
            AnsiConsole.Write(tests);
        }
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static Dictionary<string, double>? ParseWeights(string text)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight is < 0 or > 1)
            {
                return null;
            }

            weights[pair[0]] = weight;
        }

        return weights.Count == 0 ? null : weights;
    }
}
