using System.ComponentModel;
using System.Globalization;
using Orchestrator.Rag.Plugin;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class SearchCommand : AsyncCommand<SearchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<QUERY>")]
        public string Query { get; init; } = string.Empty;

        [CommandOption("--top <N>")]
        [DefaultValue(5)]
        public int Top { get; init; } = 5;

        [CommandOption("--filter <FILTER>")]
        [Description("Metadata filter, e.g. 'year=1961' or 'president=Abraham Lincoln'.")]
        public string? Filter { get; init; }

        [CommandOption("--index <DIR>")]
        public string? Index { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var rag = await SampleRag.OpenIndexedAsync(settings.Index, cancellationToken);

        var plugin = new RagPlugin(rag.Index, rag.Embedder);
        var hits = await plugin.SearchAsync(settings.Query, settings.Top, settings.Filter, cancellationToken);
        var table = new Table().AddColumns("#", "score", "source", "passage");
        foreach (var hit in hits)
        {
            var text = hit.Text.Length > 300 ? hit.Text[..300] + "..." : hit.Text;
            table.AddRow(hit.Rank.ToString(CultureInfo.InvariantCulture), hit.Score.ToString("F3", CultureInfo.InvariantCulture), Markup.Escape(hit.ChunkId), Markup.Escape(text));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
