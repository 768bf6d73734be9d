using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Samples.Hosting;
using Orchestrator.Usage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Commands;

internal sealed class ChatCommand : AsyncCommand<ChatCommand.Settings>
{
    public sealed class Settings : HostSettings
    {
        [CommandOption("-m|--message <TEXT>")]
        [Description("Send one message and exit. Without it, chat reads messages from standard input until /exit or end of input.")]
        public string? Message { get; init; }

        [CommandOption("--model <PROVIDER/MODEL>")]
        [Description("The model to use, e.g. openai/gpt-4o-mini. Defaults to Orchestrator:DefaultModel or the cheapest enabled model.")]
        public string? Model { get; init; }

        [CommandOption("--system <TEXT>")]
        [Description("A system prompt.")]
        public string? System { get; init; }

        [CommandOption("--max-tokens <N>")]
        [Description("The most tokens a reply may have.")]
        public int? MaxTokens { get; init; }

        [CommandOption("--no-stream")]
        [Description("Wait for the whole reply instead of streaming it.")]
        public bool NoStream { get; init; }

        [CommandOption("--gguf <PATH>")]
        [Description("Chat with a local GGUF model in-process (LLamaSharp, CPU), as provider 'local'. Works offline.")]
        public string? Gguf { get; init; }

        [CommandOption("--user <ID>")]
        [Description("The user the calls are made for (logged and budgeted).")]
        public string? User { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            using var services = OrchestratorHost.Build(settings, settings.Gguf is null ? null : LocalModelFlags(settings.Gguf));
            var registry = services.GetRequiredService<ProviderRegistry>();
            if (!CapabilityReport.CanGenerate(registry))
            {
                CapabilityReport.Describe(registry);
                return CommandErrors.NothingConfigured;
            }

            // Without --model the router picks the model per request, with failover; --model pins one.
            var serviceId = settings.Model ?? OrchestratorServiceCollectionExtensions.RouterServiceId;
            var client = settings.Model is null ? services.GetRequiredKeyedService<IChatClient>(serviceId) : registry.GetChatClient(serviceId);
            var options = new ChatOptions { MaxOutputTokens = settings.MaxTokens };
            if (settings.User is not null)
            {
                options.WithUserId(settings.User);
            }

            List<ChatMessage> history = settings.System is null ? [] : [new(ChatRole.System, settings.System)];
            if (settings.Message is not null)
            {
                await TurnAsync(client, serviceId, history, settings.Message, options, settings.NoStream, cancellationToken);
                return 0;
            }

            AnsiConsole.MarkupLine($"Chatting with [bold]{Markup.Escape(serviceId)}[/]; /exit or end of input to stop.");
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line && line.Trim() != "/exit")
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    await TurnAsync(client, serviceId, history, line, options, settings.NoStream, cancellationToken);
                }
            }

            return 0;
        });

    /// <summary>Flags for a local GGUF file: provider 'local' (LLamaSharp), its one model priced 0 as the catalog requires.</summary>
    private static Dictionary<string, string?> LocalModelFlags(string path)
    {
        var full = Path.GetFullPath(path);
        var id = Path.GetFileNameWithoutExtension(full);
        return new Dictionary<string, string?>
        {
            ["Orchestrator:Providers:local:Type"] = "llamasharp",
            ["Orchestrator:Providers:local:Settings:ModelPath"] = full,
            ["Orchestrator:Providers:local:Models:0"] = id,
            ["Orchestrator:Models:999:Provider"] = "local",
            ["Orchestrator:Models:999:Id"] = id,
            ["Orchestrator:Models:999:Tier"] = "0",
            ["Orchestrator:Models:999:Local"] = "true",
            ["Orchestrator:Models:999:InputPricePerMillion"] = "0",
            ["Orchestrator:Models:999:OutputPricePerMillion"] = "0",
            ["Orchestrator:Models:999:ContextWindow"] = "2048",
            ["Orchestrator:DefaultModel"] = $"local/{id}",
        };
    }

    private static async Task TurnAsync(IChatClient client, string serviceId, List<ChatMessage> history, string text, ChatOptions options, bool noStream, CancellationToken cancellationToken)
    {
        history.Add(new ChatMessage(ChatRole.User, text));
        InvocationUsage? usage;
        RoutingDecision? decision;
        string reply;
        if (noStream)
        {
            var response = await client.GetResponseAsync(history, options, cancellationToken);
            reply = response.Text;
            Console.WriteLine(reply);
            usage = response.GetInvocationUsage();
            decision = response.GetRoutingDecision();
        }
        else
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync(history, options, cancellationToken))
            {
                Console.Write(update.Text);
                updates.Add(update);
            }

            Console.WriteLine();
            reply = updates.ToChatResponse().Text;
            usage = updates.Select(u => u.GetInvocationUsage()).LastOrDefault(u => u is not null);
            decision = updates.Select(u => u.GetRoutingDecision()).FirstOrDefault(d => d is not null);
        }

        history.Add(new ChatMessage(ChatRole.Assistant, reply));
        if (usage is not null)
        {
            var served = decision?.ServedBy is { } by ? $"{by.Provider}/{by.Model}{(decision.FailedOver ? $" after {decision.Attempts.Count} attempts" : string.Empty)}" : serviceId;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[grey][[{Markup.Escape(served)}]] {usage.InputTokens} in / {usage.OutputTokens} out tokens{(usage.IsEstimated ? " (estimated)" : string.Empty)}, ${usage.Cost:0.######}[/]"));
        }
    }
}
