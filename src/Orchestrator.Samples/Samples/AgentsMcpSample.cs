using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Agents;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Mcp;
using Orchestrator.Samples.Commands;
using Orchestrator.Samples.Hosting;
using Orchestrator.Tools;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Samples;

/// <summary>
/// An agent group with MCP tools: the orchestrator-mcp filesystem server is started over stdio on a folder, its tools go
/// into the <see cref="ToolRegistry"/>, the read-only ones form the <c>files</c> workbench, and a two-agent sequential
/// group (a reader with that workbench, then a writer) answers a question about the folder. Every event is streamed to
/// the console: agent started, tool called and its result, tokens, and how the run finished and what it cost.
/// </summary>
internal sealed class AgentsMcpSample : AsyncCommand<AgentsMcpSample.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("The folder the filesystem MCP server may read (and nothing outside it).")]
        public string Folder { get; init; } = string.Empty;

        [CommandArgument(1, "<QUESTION>")]
        [Description("What to ask about the folder's files.")]
        public string Question { get; init; } = string.Empty;

        [CommandOption("--provider <URL>")]
        [Description("OpenAI-compatible base URL, e.g. https://api.openai.com/v1/ (key from PROVIDER_API_KEY).")]
        public string Provider { get; init; } = string.Empty;

        [CommandOption("--model <MODEL>")]
        [Description("The model the provider serves.")]
        [DefaultValue("gpt-4o-mini")]
        public string Model { get; init; } = "gpt-4o-mini";

        [CommandOption("--server <COMMAND>")]
        [Description("How to start orchestrator-mcp (words split on spaces); `filesystem --root FOLDER` is added.")]
        [DefaultValue("orchestrator-mcp")]
        public string Server { get; init; } = "orchestrator-mcp";

        public override ValidationResult Validate() =>
            !Uri.TryCreate(Provider, UriKind.Absolute, out _) ? ValidationResult.Error("Give --provider as an absolute OpenAI-compatible base URL (API key from PROVIDER_API_KEY).")
            : !Directory.Exists(Folder) ? ValidationResult.Error($"The folder '{Folder}' does not exist.")
            : string.IsNullOrWhiteSpace(Question) ? ValidationResult.Error("Give a question.") : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddOrchestrator(o =>
            {
                o.Routing.HealthChecks = false;
                o.Providers["model"] = new ProviderOptions
                {
                    Type = "openai",
                    BaseUrl = settings.Provider,
                    ApiKey = Environment.GetEnvironmentVariable("PROVIDER_API_KEY") ?? "sk-no-key-needed-locally",
                    Models = [settings.Model],
                };
                o.Models.Add(new ModelDescriptor { Provider = "model", Id = settings.Model, Tier = 1, InputPricePerMillion = 0.15m, OutputPricePerMillion = 0.6m, ContextWindow = 128_000, MaxOutputTokens = 1024, SupportsTools = true });
            }).AddStandardProviders()
                .AddWorkbench("files", "fs_read_*", "fs_list_*", "fs_search_*") // read-only tools only: nothing to approve
                .AddAgents();

            await using var provider = services.BuildServiceProvider();
            var root = Path.GetFullPath(settings.Folder);
            await using var mcp = await AskCommand.ConnectMcpAsync(settings.Server, cancellationToken, "filesystem", "filesystem", "--root", root);
            var registered = provider.GetRequiredService<ToolRegistry>().RegisterMcpTools(mcp, prefix: "fs_");
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{registered.Count} MCP tool(s) registered from the filesystem server[/]");

            var definition = new WorkflowDefinition(
                Name: "folder-qa",
                Pattern: AgentPatterns.Sequential,
                Agents:
                [
                    new AgentDefinition("reader", "Read the files needed to answer the question with the tools, and report what they say.", Workbench: "files"),
                    new AgentDefinition("writer", "Write a short, direct answer to the question from the reader's report."),
                ],
                Termination: new TerminationDefinition(MaxTurns: 6, MaxCostUsd: 0.05m, Timeout: TimeSpan.FromMinutes(2)));
            var group = provider.GetRequiredService<AgentGroupFactory>().Create(definition);

            await foreach (var item in group.RunStreamingAsync(settings.Question, new AgentGroupRunOptions { UserId = Environment.UserName, StreamTokens = true }, cancellationToken))
            {
                switch (item)
                {
                    case AgentStartedEvent started:
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"\n[bold]{started.Turn}. {started.Agent}[/]");
                        break;
                    case ToolCalledEvent call:
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"\n   [blue]tool[/] {call.ToolName}({call.Arguments})");
                        break;
                    case ToolResultEvent result:
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"   [grey]-> {result.Result.ReplaceLineEndings(" ")}[/]");
                        break;
                    case AgentTokenEvent token:
                        AnsiConsole.Write(token.Text);
                        break;
                    case AgentGroupFinishedEvent { Result: var result }:
                        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                            $"\n\nfinished: {result.Reason}; {result.Turns} turns, {result.Usage.InputTokens + result.Usage.OutputTokens} tokens, cost ${result.Usage.Cost:0.######}");
                        if (result.Error is { } error)
                        {
                            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{error.Message}[/]");
                        }

                        return result.Succeeded ? 0 : 1;
                }
            }

            throw new InvalidOperationException("The agent group ended without a result.");
        });
}
