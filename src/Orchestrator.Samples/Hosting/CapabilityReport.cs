using Orchestrator.Providers;
using Spectre.Console;

namespace Orchestrator.Samples.Hosting;

/// <summary>Says plainly what this host can and cannot do with the providers it has.</summary>
internal static class CapabilityReport
{
    /// <summary>Whether some enabled provider may answer (in privacy mode: some enabled local provider).</summary>
    public static bool CanGenerate(ProviderRegistry registry) =>
        registry.Providers.Any(p => p.Enabled && (!registry.PrivacyMode || p.Local));

    public static void Describe(ProviderRegistry registry)
    {
        var enabled = registry.Providers.Where(p => p.Enabled).ToList();
        if (registry.DefaultModel is { } model)
        {
            AnsiConsole.MarkupLine($"Default model: [bold]{Markup.Escape(model.Provider.Name)}/{Markup.Escape(model.Model.Id)}[/] (tier {model.Model.Tier}){(registry.PrivacyMode ? " - privacy mode: local models only" : string.Empty)}.");
            return;
        }

        AnsiConsole.MarkupLine(enabled.Count == 0
            ? "[yellow]No generative provider is enabled[/], so [bold]chat[/] cannot answer."
            : "[yellow]Privacy mode is on and no local provider is enabled[/], so [bold]chat[/] cannot answer.");
        AnsiConsole.MarkupLine("To enable one:");
        AnsiConsole.MarkupLine("  - OpenAI: [grey]export OPENAI_API_KEY=... Orchestrator__Providers__openai__Enabled=true[/]");
        AnsiConsole.MarkupLine("  - Anthropic: [grey]export ANTHROPIC_API_KEY=... Orchestrator__Providers__anthropic__Enabled=true[/]");
        AnsiConsole.MarkupLine("  - a local Ollama on 127.0.0.1:11434: [grey]export Orchestrator__Providers__ollama__Enabled=true[/]");
        AnsiConsole.MarkupLine("See docs/configuration.md for every provider and setting.");
    }
}
