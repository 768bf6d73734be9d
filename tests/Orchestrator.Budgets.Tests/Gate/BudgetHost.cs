using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>A real Orchestrator host with budgets, its one OpenAI-protocol provider pointing at a wire-level test server.</summary>
internal sealed class BudgetHost : IAsyncDisposable
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
    };

    private readonly string _path;

    private BudgetHost(WireServer server, ServiceProvider services, string path)
    {
        Server = server;
        Services = services;
        _path = path;
    }

    public WireServer Server { get; }

    public ServiceProvider Services { get; }

    public BudgetGate Gate => Services.GetRequiredService<BudgetGate>();

    public IChatClient Direct => Services.GetRequiredService<ProviderRegistry>().GetChatClient("openai", Model);

    public IChatClient Router => Services.GetRequiredService<IChatClient>();

    public static async Task<BudgetHost> StartAsync(Action<BudgetOptions> budgets, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var server = await WireServer.StartAsync(cancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"orch-budget-host-{Guid.NewGuid():N}.db");
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
            options.SqlitePath = path;
            budgets(options);
        })
        .AddBudgetPlugin();
        return new BudgetHost(server, collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), path);
    }

    public async Task<BudgetPoolStatus> StatusAsync(string user, CancellationToken cancellationToken) =>
        (await Gate.GetStatusAsync(new BudgetSubject(user, null, null), cancellationToken)).Single(s => s.Pool.Scope == BudgetScope.User && s.Limit is not null);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
