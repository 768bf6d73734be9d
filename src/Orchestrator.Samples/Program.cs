using Orchestrator.Samples.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("orchestrator");

    // Each command lives in Commands/ and is registered here, one line each, in the order --help lists them.
    config.AddCommand<ProvidersCommand>("providers")
        .WithDescription("List configured providers, their models, tiers, prices and health.");
    config.AddCommand<ChatCommand>("chat")
        .WithDescription("Chat with a configured model (one message with --message, or interactive).")
        .WithExample("chat", "--message", "Hello");
    config.AddCommand<IngestCommand>("ingest").WithDescription("Index documents (default: the shipped State of the Union corpus); unchanged files are skipped.");
    config.AddCommand<SearchCommand>("search").WithDescription("Hybrid search over the index.").WithExample("search", "tariff policy");
    config.AddCommand<AskCommand>("ask").WithDescription("Answer a question from the index, with citations.").WithExample("ask", "What did Lincoln say about emancipation?");
    config.AddCommand<EvalCommand>("eval").WithDescription("Measure retrieval (nDCG@10, recall, P@5, MRR, latency) on a test collection.");
    config.AddCommand<MigrateCommand>("migrate").WithDescription("Create or upgrade the LLMOps schema (PostgreSQL or SQLite).");
    config.AddCommand<StatsCommand>("stats").WithDescription("Report spend, tiers, latency, errors and cheaper-tier opportunities from the LLMOps database.");
    config.AddCommand<ServeCommand>("serve").WithDescription("Serve the OpenAI-compatible gateway and the Budget REST API on 127.0.0.1 (chat, models, embeddings, virtual keys; limits, spend, reports).");
});

return await app.RunAsync(args).ConfigureAwait(false);
