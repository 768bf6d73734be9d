using Microsoft.Extensions.Options;
using Orchestrator.Configuration;
using Orchestrator.Providers;
using Spectre.Console;

namespace Orchestrator.Samples.Hosting;

/// <summary>Turns the errors a user can fix into a plain message and an exit code, instead of a stack trace.</summary>
internal static class CommandErrors
{
    public const int ConfigurationError = 3;
    public const int ProviderError = 4;
    public const int NothingConfigured = 2;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OrchestratorConfigurationException ex)
        {
            AnsiConsole.MarkupLine($"[red]Configuration error[/] {Markup.Escape(ex.Message)}");
            return ConfigurationError;
        }
        catch (OptionsValidationException ex)
        {
            AnsiConsole.MarkupLine("[red]Configuration error[/]");
            foreach (var failure in ex.Failures)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(failure)}");
            }

            return ConfigurationError;
        }
        catch (ProviderException ex)
        {
            AnsiConsole.MarkupLine($"[red]Provider error[/] ({ex.Kind}{(ex.IsTransient ? ", transient" : string.Empty)}): {Markup.Escape(ex.Message)}");
            return ProviderError;
        }
    }
}
