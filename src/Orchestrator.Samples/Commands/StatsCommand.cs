using System.ComponentModel;
using System.Globalization;
using Orchestrator.Plugins.Observability.Analytics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class StatsCommand : AsyncCommand<StatsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--postgres <CONNECTION>")]
        [Description("Npgsql connection string of the LLMOps database (default: environment variable Orchestrator__LlmOps__ConnectionString).")]
        public string? Postgres { get; init; }

        [CommandOption("--days <DAYS>")]
        [Description("How many days back from now to report (default 30).")]
        [DefaultValue(30)]
        public int Days { get; init; } = 30;

        public override ValidationResult Validate() => Days is < 1 or > 3660 ? ValidationResult.Error("--days must be between 1 and 3660.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var postgres = settings.Postgres ?? Environment.GetEnvironmentVariable("Orchestrator__LlmOps__ConnectionString");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            AnsiConsole.MarkupLine("[red]No database.[/] Pass --postgres \"Host=...;Database=...;Username=...\" or set Orchestrator__LlmOps__ConnectionString.");
            return 2;
        }

        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-settings.Days);
        await using var analytics = new LlmOpsAnalytics(postgres);
        try
        {
            var summary = await analytics.GetDashboardAsync(from, to, cancellationToken);
            AnsiConsole.MarkupLine($"[bold]Last {settings.Days} days[/]: {summary.Invocations:N0} calls, {summary.SuccessRate:P1} succeeded, {Usd(summary.CostUsd)}, " +
                $"p95 {Ms(summary.P95LatencyMs)}, {summary.PrivateInvocations:N0} private");

            var tiers = new Table().Title("Tiers").AddColumns("Tier", "Calls", "Success", "Cost", "Per call", "p95", "Recommendation");
            foreach (var t in await analytics.GetTierRecommendationsAsync(from, to, cancellationToken))
            {
                tiers.AddRow(I(t.Tier), I(t.Invocations), t.SuccessRate.ToString("P1", CultureInfo.InvariantCulture), Usd(t.TotalCostUsd), Usd(t.AverageCostUsd), Ms(t.P95LatencyMs),
                    t.CheaperTier is { } cheaper ? $"{t.Recommendation} (tier {cheaper})" : t.Recommendation);
            }

            var latency = new Table().Title("Latency (successful calls)").AddColumns("Provider", "Model", "Calls", "p50", "p95", "p99", "TTFT");
            foreach (var l in await analytics.GetLatencyPercentilesAsync(from, to, cancellationToken))
            {
                latency.AddRow(Markup.Escape(l.Provider), Markup.Escape(l.Model), I(l.Invocations), Ms(l.P50Ms), Ms(l.P95Ms), Ms(l.P99Ms), Ms(l.AverageTimeToFirstTokenMs));
            }

            var errors = new Table().Title("Errors").AddColumns("Provider", "Model", "Class", "Failures", "Rate");
            foreach (var e in await analytics.GetErrorsAsync(from, to, cancellationToken))
            {
                errors.AddRow(Markup.Escape(e.Provider), Markup.Escape(e.Model), e.ErrorClass, I(e.Failures), e.FailureRate.ToString("P1", CultureInfo.InvariantCulture));
            }

            var spenders = new Table().Title("Top spenders").AddColumns("User", "Calls", "Cost", "Share");
            foreach (var s in await analytics.GetTopSpendersAsync(from, to, 10, cancellationToken))
            {
                spenders.AddRow(Markup.Escape(s.UserId), I(s.Invocations), Usd(s.CostUsd), s.Share.ToString("P1", CultureInfo.InvariantCulture));
            }

            var moves = new Table().Title("Could move to a cheaper tier").AddColumns("Work", "From", "To", "Calls", "Saving");
            foreach (var m in await analytics.GetMigrationOpportunitiesAsync(from, to, 20, cancellationToken))
            {
                moves.AddRow(Markup.Escape(m.Work), I(m.FromTier), I(m.ToTier), I(m.Invocations), Usd(m.EstimatedSavingsUsd));
            }

            foreach (var table in new[] { tiers, latency, errors, spenders, moves })
            {
                AnsiConsole.Write(table);
            }

            return 0;
        }
        catch (System.Data.Common.DbException ex)
        {
            AnsiConsole.MarkupLine($"[red]Query failed[/]: {Markup.Escape(ex.Message)} (has 'orchestrator migrate' been run?)");
            return 4;
        }
    }

    private static string I(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Usd(decimal value) => "$" + value.ToString("0.00####", CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is null ? "-" : value.Value.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
