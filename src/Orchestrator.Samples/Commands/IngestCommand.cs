using System.ComponentModel;
using System.Globalization;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class IngestCommand : AsyncCommand<IngestCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("A file or folder of .txt, .md, .html or .pdf files (default: the shipped State of the Union corpus).")]
        public string? Path { get; init; }

        [CommandOption("--index <DIR>")]
        [Description("The index folder (default: the user's local app data).")]
        public string? Index { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var rag = await SampleRag.OpenAsync(settings.Index, cancellationToken);
        var result = await rag.IngestAsync(settings.Path, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]{result.Added}[/] added, [yellow]{result.Updated}[/] updated, {result.Skipped} unchanged; {result.Chunks} chunks written. Index: {rag.Index.DocumentCount} documents.");
        return 0;
    }
}
