using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Agents;
using Orchestrator.Rag.Plugin;
using Spectre.Console;

namespace Orchestrator.Samples.Agents;

/// <summary>
/// <c>ask</c> with a generative provider: the ready-made research group (planner, researcher with the RAG search tool and
/// the tools of an MCP server when <c>--mcp</c> starts one,
/// writer, critic) answers, and every step, tool call, the cost and the judge's score are printed as they happen.
/// </summary>
internal static class ResearchAsk
{
    public static async Task<AgentGroupResult> RunAsync(AgentGroupFactory factory, RagPlugin rag, IReadOnlyList<AITool> mcpTools, string question, int top, CancellationToken cancellationToken)
    {
        var search = AIFunctionFactory.Create(
            async (string query, CancellationToken ct) => Format(await rag.SearchAsync(query, top, cancellationToken: ct).ConfigureAwait(false)),
            "search_documents",
            "Searches the indexed documents; returns numbered passages with their titles.");
        var group = factory.Create(ResearchWorkflow.Create(), new Dictionary<string, IReadOnlyList<AITool>> { [ResearchWorkflow.DefaultWorkbench] = [search, .. mcpTools] });
        var options = new AgentGroupRunOptions { UserId = Environment.UserName, WorkflowVersion = "sample", JudgeFinalOutput = true, StreamTokens = false };

        AgentGroupResult? result = null;
        await foreach (var item in group.RunStreamingAsync(question, options, cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case AgentStartedEvent started:
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{started.Turn}. {started.Agent}[/]");
                    break;
                case ToolCalledEvent call:
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"   [blue]tool[/] {call.ToolName}({call.Arguments})");
                    break;
                case ToolResultEvent toolResult:
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"   [grey]-> {Shorten(toolResult.Result, 160)}[/]");
                    break;
                case AgentMessageEvent { Message: var message } when message.Kind == "text":
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"   {Shorten(message.Content, 400)}");
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"   [grey]{message.Tokens} tokens, ${message.CostUsd:0.######}{(message.IsPartial ? ", cut short" : string.Empty)}[/]");
                    break;
                case AgentGroupFinishedEvent finished:
                    result = finished.Result;
                    break;
            }
        }

        if (result is null)
        {
            throw new InvalidOperationException("The research run ended without a result.");
        }

        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine(result.Messages.LastOrDefault(m => m.Sender == "writer" && m.Kind == "text")?.Content ?? result.Output);
        AnsiConsole.WriteLine();
        var judge = result.JudgeScore is { } score ? score.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[grey]stopped: {result.Reason}; {result.Turns} turns, {result.Usage.InputTokens + result.Usage.OutputTokens} tokens, ${result.Usage.Cost:0.######}; judge score {judge}[/]");
        if (result.Error is { } error)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{error.Message}[/]");
        }

        return result;
    }

    private static string Format(IReadOnlyList<RagSearchHit> hits)
    {
        if (hits.Count == 0)
        {
            return "No passage matches.";
        }

        var text = new StringBuilder();
        foreach (var hit in hits)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{hit.Rank}] {hit.Title ?? hit.DocumentId}: {hit.Text}").Append('\n');
        }

        return text.ToString();
    }

    private static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max), "...");
    }
}
