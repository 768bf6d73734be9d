using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Rag.Plugin;
using Orchestrator.Samples.Hosting;
using Orchestrator.Samples.Rag;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Samples;

/// <summary>
/// RAG over a folder in one command: indexes the folder into a throwaway index (BM25 plus the offline MiniLM
/// embedder), then answers the question with citations, written by a model behind the router when
/// <c>--provider</c> is given, extractively otherwise.
/// </summary>
internal sealed class FolderRagSample : AsyncCommand<FolderRagSample.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("The folder of documents (.txt, .md, .html, .pdf, ...) to answer from.")]
        public string Folder { get; init; } = string.Empty;

        [CommandArgument(1, "<QUESTION>")]
        [Description("The question.")]
        public string Question { get; init; } = string.Empty;

        [CommandOption("--provider <URL>")]
        [Description("OpenAI-compatible base URL of a model to write the answer (API key from PROVIDER_API_KEY); extractive without it.")]
        public string? Provider { get; init; }

        [CommandOption("--model <MODEL>")]
        [Description("The model at --provider.")]
        [DefaultValue("gpt-4o-mini")]
        public string Model { get; init; } = "gpt-4o-mini";

        public override ValidationResult Validate() =>
            !Directory.Exists(Folder) ? ValidationResult.Error($"Folder '{Folder}' does not exist.")
            : Provider is not null && !Uri.TryCreate(Provider, UriKind.Absolute, out _) ? ValidationResult.Error("--provider must be an absolute OpenAI-compatible base URL.")
            : ValidationResult.Success();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandErrors.RunAsync(async () =>
        {
            var indexDirectory = Directory.CreateTempSubdirectory("orchestrator-rag-sample-").FullName;
            try
            {
                await using var rag = await SampleRag.OpenAsync(indexDirectory, cancellationToken);
                var ingested = await rag.IngestAsync(settings.Folder, cancellationToken);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]indexed {rag.Index.DocumentCount} document(s) from {settings.Folder}[/]");

                await using var services = settings.Provider is null ? null : Router(settings.Provider, settings.Model);
                var plugin = new RagPlugin(rag.Index, rag.Embedder, services?.GetRequiredService<IChatClient>());
                var answer = await plugin.AskAsync(settings.Question, 5, cancellationToken);
                AnsiConsole.WriteLine(answer.Text);
                foreach (var citation in answer.Citations)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey][[{citation.Number}]] {citation.Title} ({citation.ChunkId})[/]");
                }

                return ingested is null ? 1 : 0;
            }
            finally
            {
                Directory.Delete(indexDirectory, recursive: true);
            }
        });

    private static ServiceProvider Router(string baseUrl, string model)
    {
        var services = new ServiceCollection();
        services.AddOrchestrator(o =>
        {
            o.Routing.HealthChecks = false;
            o.Providers["model"] = new ProviderOptions { Type = "openai", BaseUrl = baseUrl, ApiKey = Environment.GetEnvironmentVariable("PROVIDER_API_KEY") ?? "sk-no-key-needed-locally", Models = [model] };
            o.Models.Add(new ModelDescriptor { Provider = "model", Id = model, Tier = 2, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 16384, MaxOutputTokens = 1024 });
        }).AddStandardProviders();
        return services.BuildServiceProvider();
    }
}
