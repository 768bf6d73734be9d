using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class ProvidersCommand : AsyncCommand<ProvidersCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AnsiConsole.WriteLine("todo");
        return Task.FromResult(0);
    }
}
