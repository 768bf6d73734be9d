using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Agents;
using Orchestrator.Configuration;
using Orchestrator.Mcp;
using Orchestrator.Providers;
using Orchestrator.Rag.Plugin;
using Orchestrator.Samples.Agents;
using Orchestrator.Samples.Hosting;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class AskCommand : AsyncCommand<AskCommand.Settings>
{
    public sealed class Settings : HostSettings
    {
        [CommandArgument(0, "<QUESTION>")]
        public string Question { get; init; } = string.Empty;

        [CommandOption("--top <N>")]
        [DefaultValue(5)]
        public int Top { get; init; } = 5;

        [CommandOption("--index <DIR>")]
        public string? Index { get; init; }

        [CommandOption("--mcp <COMMAND>")]
        [Description("An MCP server to start over stdio whose tools the research group's researcher may call, e.g. \"orchestrator-mcp filesystem --root DIR\" (words split on spaces).")]
        public string? Mcp { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            using var services = OrchestratorHost.Build(settings);
            await using var rag = await SampleRag.OpenIndexedAsync(settings.Index, cancellationToken);

            // With a generative provider enabled the research agent group answers (planner, researcher with the RAG search
            // tool, writer, critic), every turn routed, budgeted and logged; without one (the offline default) RagPlugin
            // answers extractively and says so.
            if (CapabilityReport.CanGenerate(services.GetRequiredService<ProviderRegistry>()))
            {
                await using var mcp = settings.Mcp is { } command ? await ConnectMcpAsync(command, cancellationToken) : null;
                var result = await ResearchAsk.RunAsync(
                    services.GetRequiredService<AgentGroupFactory>(), new RagPlugin(rag.Index, rag.Embedder), mcp?.Functions ?? [], settings.Question, settings.Top, cancellationToken);
                return result.Error is null ? 0 : 1;
            }

            AnsiConsole.MarkupLine("[grey]No generative provider is enabled, so the research agent group (docs/agents.md) does not run.[/]");
            var plugin = new RagPlugin(rag.Index, rag.Embedder);
            var answer = await plugin.AskAsync(settings.Question, settings.Top, cancellationToken);
            AnsiConsole.WriteLine(answer.Text);
            AnsiConsole.WriteLine();
            foreach (var citation in answer.Citations)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey][[{citation.Number}]] {citation.Title} ({citation.ChunkId})[/]");
            }

            return 0;
        });

    internal static Task<McpPluginConnection> ConnectMcpAsync(string command, CancellationToken cancellationToken, string name = "mcp", params string[] arguments)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            throw new OrchestratorConfigurationException("--mcp", "give the command that starts the MCP server, e.g. \"orchestrator-mcp filesystem --root DIR\".");
        }

        var options = new McpServerConnectionOptions { Name = name, Command = words[0] };
        foreach (var word in words[1..].Concat(arguments))
        {
            options.Arguments.Add(word);
        }

        return McpKernelExtensions.ConnectAsync(options, cancellationToken: cancellationToken);
    }
}
