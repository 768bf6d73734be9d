using Orchestrator.Samples.Commands;
using Orchestrator.Samples.Samples;
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
    config.AddCommand<WorkflowsCommand>("workflows").WithDescription("Show workflow versions and the A/B experiment report (runs, success, cost, latency, judge, p-values).")
        .WithExample("workflows", "--sqlite", "orchestrator-llmops.db", "--workflow", "research");
    config.AddCommand<ServeCommand>("serve").WithDescription("Serve the OpenAI-compatible gateway, the Budget REST API, /metrics, the dashboard and health on 127.0.0.1.");

    // Small focused sample hosts, one file each in Samples/, each runnable offline against the wire-level test server
    // (tests/Orchestrator.Distribution.Tests runs every one).
    config.AddBranch("sample", sample =>
    {
        sample.SetDescription("Small focused sample hosts.");
        sample.AddCommand<ChatFailoverSample>("chat-failover")
            .WithDescription("Two providers behind the router, failover and a daily budget: calls until the budget refuses.")
            .WithExample("sample", "chat-failover", "--primary", "https://api.openai.com/v1/", "--fallback", "http://localhost:11434/v1/");
        sample.AddCommand<FolderRagSample>("rag")
            .WithDescription("Index a folder and answer a question from it, with citations.")
            .WithExample("sample", "rag", "./docs", "How are budgets enforced?");
        sample.AddCommand<AgentsMcpSample>("agents")
            .WithDescription("A two-agent sequential group whose reader calls the orchestrator-mcp filesystem server's tools on a folder; events stream to the console.")
            .WithExample("sample", "agents", "./docs", "What does the gateway do?", "--provider", "https://api.openai.com/v1/");
        sample.AddCommand<GatewaySample>("gateway")
            .WithDescription("The OpenAI-compatible gateway in a minimal host: SQLite keys and budgets, a key printed once; --once calls it with the OpenAI client and exits.")
            .WithExample("sample", "gateway", "--provider", "https://api.openai.com/v1/", "--once");
    });
});

return await app.RunAsync(args).ConfigureAwait(false);
