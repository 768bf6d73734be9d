using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Providers;
using Orchestrator.Samples.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class ProvidersCommand : AsyncCommand<ProvidersCommand.Settings>
{
    public sealed class Settings : HostSettings
    {
        [CommandOption("--no-health")]
        [Description("Skip the health probe of enabled providers.")]
        public bool NoHealth { get; init; }

        [CommandOption("--catalog")]
        [Description("Also list every model in the catalog, configured or not.")]
        public bool Catalog { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            using var services = OrchestratorHost.Build(settings);
            var registry = services.GetRequiredService<ProviderRegistry>();
            var providers = new Table().Title("Providers").AddColumns("Name", "Type", "Endpoint", "Local", "Enabled", "Health");
            foreach (var provider in registry.Providers)
            {
                var health = "-";
                if (provider.Enabled && !settings.NoHealth)
                {
                    var result = await registry.CheckHealthAsync(provider.Name, cancellationToken);
                    health = result.IsHealthy ? $"[green]healthy[/] ({result.Latency.TotalMilliseconds:0} ms)" : $"[red]unhealthy[/]: {Markup.Escape(result.Detail)}";
                }

                providers.AddRow(
                    Markup.Escape(provider.Name), provider.Type, Markup.Escape(provider.BaseUri?.ToString() ?? "in-process"),
                    provider.Local ? "yes" : "no", provider.Enabled ? "[green]yes[/]" : "no", health);
            }

            AnsiConsole.Write(providers);
            var models = new Table().Title(settings.Catalog ? "Model catalog" : "Configured models")
                .AddColumns("Provider", "Model", "Tier", "$ in /1M", "$ out /1M", "$ cached /1M", "Context", "Tools");
            var rows = settings.Catalog
                ? registry.Catalog.Models.Select(m => (Provider: m.Provider, Model: m))
                : registry.Providers.SelectMany(p => p.Models.Select(m => (Provider: p.Name, Model: m)));
            foreach (var (provider, model) in rows.OrderBy(r => r.Model.Tier).ThenBy(r => r.Provider, StringComparer.Ordinal))
            {
                models.AddRow(Markup.Escape(provider), Markup.Escape(model.Id), model.Tier.ToString(CultureInfo.InvariantCulture),
                    Price(model.InputPricePerMillion), Price(model.OutputPricePerMillion), Price(model.CachedInputPricePerMillion ?? model.InputPricePerMillion),
                    model.ContextWindow.ToString("N0", CultureInfo.InvariantCulture), model.SupportsTools ? "yes" : "no");
            }

            AnsiConsole.Write(models);
            CapabilityReport.Describe(registry);
            return 0;
        });

    private static string Price(decimal? value) => value?.ToString("0.00###", CultureInfo.InvariantCulture) ?? "?";
}
