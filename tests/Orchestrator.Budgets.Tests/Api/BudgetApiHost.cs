using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Catalog;

namespace Orchestrator.Budgets.Tests.Api;

/// <summary>A real Kestrel host on loopback serving the Budget API over the embedded ledger.</summary>
internal sealed class BudgetApiHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-0123456789";
    public const string ReaderKey = "reader-key-0123456789";

    private readonly WebApplication _app;
    private readonly string _path;
    private readonly bool _ownsPath;

    private BudgetApiHost(WebApplication app, string path, bool ownsPath, Uri address)
    {
        _app = app;
        _path = path;
        _ownsPath = ownsPath;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host; with <paramref name="sqlitePath"/> (kept on disposal) or <paramref name="redis"/> it shares that ledger.</summary>
    public static async Task<BudgetApiHost> StartAsync(CancellationToken cancellationToken, string? sqlitePath = null, string? redis = null, string? redisPrefix = null)
    {
        var path = sqlitePath ?? Path.Combine(Path.GetTempPath(), $"orch-budget-api-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:BudgetApi:Keys:0:Key"] = AdminKey,
            ["Orchestrator:BudgetApi:Keys:0:Admin"] = "true",
            ["Orchestrator:BudgetApi:Keys:1:Key"] = ReaderKey,
        });
        builder.Services.AddOrchestrator(o =>
            {
                o.Models.Add(new ModelDescriptor { Provider = "acme", Id = "premium-1", Tier = 3, InputPricePerMillion = 10m, OutputPricePerMillion = 30m });
                o.Models.Add(new ModelDescriptor { Provider = "acme", Id = "cheap-1", Tier = 1, InputPricePerMillion = 1m, OutputPricePerMillion = 2m });
            })
            .AddBudgets(o =>
            {
                o.SqlitePath = path;
                o.Redis = redis;
                o.RedisKeyPrefix = redisPrefix ?? o.RedisKeyPrefix;
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 10m });
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Tier, Name = "3", Period = BudgetPeriod.Daily, Limit = 100m });
            });
        builder.Services.AddBudgetApi(builder.Configuration);
        var app = builder.Build();
        app.MapBudgetApi();
        await app.StartAsync(cancellationToken);
        return new BudgetApiHost(app, path, sqlitePath is null, new Uri(app.Urls.First()));
    }

    public HttpClient As(string? key)
    {
        Client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (key is not null)
        {
            Client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        Client.DefaultRequestHeaders.Accept.Clear();
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return Client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsPath)
        {
            File.Delete(_path);
        }
    }
}
