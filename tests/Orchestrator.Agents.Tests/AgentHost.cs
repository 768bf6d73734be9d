using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Plugins.Observability;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Agents.Tests;

/// <summary>
/// A real Orchestrator host for agent groups: the router over one OpenAI-protocol provider pointing at a wire-level test
/// server, budgets on a SQLite ledger, the LLMOps log in SQLite (agent_messages), and AddAgents.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    public const string Model = "test-model";
    public static readonly ModelDescriptor Descriptor = new()
    {
        Provider = "openai",
        Id = Model,
        Tier = 2,
        InputPricePerMillion = 3.00m,
        OutputPricePerMillion = 15.00m,
        ContextWindow = 128_000,
        MaxOutputTokens = 4096,
        SupportsTools = true,
        SupportsJsonMode = true,
    };

    private readonly string _directory;

    private AgentHost(WireServer server, ServiceProvider services, string directory)
    {
        Server = server;
        Services = services;
        _directory = directory;
    }

    public WireServer Server { get; }

    public ServiceProvider Services { get; }

    public string LogPath => Path.Combine(_directory, "llmops.db");

    public AgentGroupFactory Factory => Services.GetRequiredService<AgentGroupFactory>();

    public BudgetGate Gate => Services.GetRequiredService<BudgetGate>();

    public static async Task<AgentHost> StartAsync(
        Action<AgentsOptions>? agents = null,
        Action<IServiceCollection>? services = null,
        decimal dailyLimit = 1m,
        string? directory = null,
        WireServer? server = null,
        CancellationToken cancellationToken = default)
    {
        server ??= await WireServer.StartAsync(cancellationToken);
        directory ??= Directory.CreateTempSubdirectory("orch-agents-").FullName;
        var collection = new ServiceCollection();
        collection.AddLogging();
        services?.Invoke(collection);
        collection.AddOrchestrator(options =>
        {
            options.Providers["openai"] = new ProviderOptions
            {
                Type = "openai", BaseUrl = server.OpenAIEndpoint.ToString(), ApiKey = "sk-test-0123456789", Models = [Model],
            };
            options.Models.Add(Descriptor.Clone());
        })
        .AddStandardProviders()
        .AddBudgets(options =>
        {
            options.SqlitePath = Path.Combine(directory, "budgets.db");
            options.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Name = "*", Period = BudgetPeriod.Daily, Limit = dailyLimit });
        })
        .AddSqliteInvocationLog(Path.Combine(directory, "llmops.db"), log => log.Writer.FlushInterval = TimeSpan.FromMilliseconds(10))
        .AddAgents(configure: agents);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(cancellationToken);    // applies the log's migrations, as a generic host would
        }

        return new AgentHost(server, provider, directory);
    }

    public async Task<decimal> SpentAsync(string user, CancellationToken cancellationToken) =>
        (await Gate.GetStatusAsync(new BudgetSubject(user, null, null), cancellationToken)).Single(s => s.Pool.Scope == BudgetScope.User && s.Limit is not null).Spent;

    public async Task<decimal> ReservedAsync(string user, CancellationToken cancellationToken) =>
        (await Gate.GetStatusAsync(new BudgetSubject(user, null, null), cancellationToken)).Single(s => s.Pool.Scope == BudgetScope.User && s.Limit is not null).Reserved;

    /// <summary>The agent_messages rows of a run, in time order, as "sender>recipient|type|content|tokens|cost".</summary>
    public async Task<List<string>> AgentMessagesAsync(string runId, CancellationToken cancellationToken)
    {
        await Services.GetRequiredService<LlmOpsLog>().FlushAsync(cancellationToken);
        await using var connection = new SqliteConnection($"Data Source={LogPath}");
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqliteCommand("SELECT sender, coalesce(recipient, '*'), message_type, content, tokens, cost_usd FROM agent_messages WHERE conversation_id = $run ORDER BY created_at, rowid", connection);
        command.Parameters.AddWithValue("$run", runId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<string>();
        while (await rows.ReadAsync(cancellationToken))
        {
            result.Add(FormattableString.Invariant($"{rows.GetString(0)}>{rows.GetString(1)}|{rows.GetString(2)}|{rows.GetString(3)}|{rows.GetInt64(4)}|{(decimal)rows.GetDouble(5):0.########}"));
        }

        return result;
    }

    /// <summary>The chat requests the provider received (health probes left out).</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => [.. Server.Requests.Where(r => r.Method == "POST")];

    public static ChatOptions NoOptions => new();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A resumed-run test hands the directory to a second host; the last one deletes it.
        }
    }
}
