using System.ComponentModel;
using System.Globalization;
using Orchestrator.Rag.Plugin;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class AskCommand : AsyncCommand<AskCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<QUESTION>")]
        public string Question { get; init; } = string.Empty;

        [CommandOption("--top <N>")]
        [DefaultValue(5)]
        public int Top { get; init; } = 5;

        [CommandOption("--index <DIR>")]
        public string? Index { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var rag = await SampleRag.OpenAsync(settings.Index, cancellationToken);
        if (rag.Index.DocumentCount == 0)
        {
            AnsiConsole.MarkupLine("[grey]First run: indexing the shipped State of the Union corpus (cached on disk afterwards).[/]");
            await rag.IngestAsync(null, cancellationToken);
        }

        // No chat provider is wired into the sample host yet, so the answer is extractive and says so.
        var plugin = new RagPlugin(rag.Index, rag.Embedder);
        var answer = await plugin.AskAsync(settings.Question, settings.Top, cancellationToken);
        AnsiConsole.WriteLine(answer.Text);
        AnsiConsole.WriteLine();
        foreach (var citation in answer.Citations)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey][[{citation.Number}]] {citation.Title} ({citation.ChunkId})[/]");
        }

        return 0;
    }
}
