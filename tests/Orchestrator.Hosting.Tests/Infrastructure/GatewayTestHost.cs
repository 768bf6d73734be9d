using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Orchestrator.Hosting.TestHost;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests.Infrastructure;

/// <summary>
/// A real gateway on loopback Kestrel in front of two wire-level test servers: <see cref="Cloud"/> (provider
/// <c>cloud</c>, model <c>gpt-test</c>, tier 2) and <see cref="Local"/> (provider <c>local</c>, <c>Local: true</c>,
/// model <c>local-test</c>, tier 0). Budgets, keys and the LLMOps log live in SQLite files of a temp directory.
/// </summary>
internal sealed class GatewayTestHost : IAsyncDisposable
{
    public const string AdminToken = "admin-token-0123456789abcdef";
    public const string CloudModel = "cloud/gpt-test";
    public const string LocalModel = "local/local-test";

    private readonly WebApplication _app;
    private readonly string _directory;

    private GatewayTestHost(WebApplication app, WireServer cloud, WireServer local, string directory)
    {
        _app = app;
        Cloud = cloud;
        Local = local;
        _directory = directory;
        Address = new Uri(app.Urls.First().TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = Address };
    }

    public WireServer Cloud { get; }

    public WireServer Local { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string Directory => _directory;

    public static async Task<GatewayTestHost> StartAsync(CancellationToken cancellationToken, Action<Dictionary<string, string?>>? configure = null)
    {
        var cloud = await WireServer.StartAsync(cancellationToken);
        var local = await WireServer.StartAsync(cancellationToken);
        var directory = System.IO.Directory.CreateTempSubdirectory("orch-gateway-").FullName;
        var settings = Settings(cloud.OpenAIEndpoint, local.OpenAIEndpoint);
        settings["Orchestrator:Budgets:SqlitePath"] = Path.Combine(directory, "budgets.db");
        settings["Orchestrator:Gateway:SqlitePath"] = Path.Combine(directory, "keys.db");
        settings["Gateway:LogSqlite"] = Path.Combine(directory, "llmops.db");
        settings["Gateway:Embeddings"] = "none";
        configure?.Invoke(settings);
        try
        {
            var app = GatewayApp.Build("http://127.0.0.1:0", settings);
            await app.StartAsync(cancellationToken);
            return new GatewayTestHost(app, cloud, local, directory);
        }
        catch
        {
            // A host that fails to start (bad settings) must not leak its servers or temp files.
            await cloud.DisposeAsync();
            await local.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The provider, catalog, routing and gateway settings every gateway under test shares.</summary>
    public static Dictionary<string, string?> Settings(Uri cloud, Uri local) => new()
    {
        ["Orchestrator:Providers:cloud:Type"] = "openai",
        ["Orchestrator:Providers:cloud:BaseUrl"] = cloud.ToString(),
        ["Orchestrator:Providers:cloud:ApiKey"] = "sk-test-cloud-0123456789",
        ["Orchestrator:Providers:cloud:Models:0"] = "gpt-test",
        ["Orchestrator:Providers:local:Type"] = "openai",
        ["Orchestrator:Providers:local:BaseUrl"] = local.ToString(),
        ["Orchestrator:Providers:local:ApiKey"] = "sk-test-local-0123456789",
        ["Orchestrator:Providers:local:Local"] = "true",
        ["Orchestrator:Providers:local:Models:0"] = "local-test",
        ["Orchestrator:Models:0:Provider"] = "cloud",
        ["Orchestrator:Models:0:Id"] = "gpt-test",
        ["Orchestrator:Models:0:Tier"] = "2",
        ["Orchestrator:Models:0:InputPricePerMillion"] = "1000",
        ["Orchestrator:Models:0:OutputPricePerMillion"] = "1000",
        ["Orchestrator:Models:0:ContextWindow"] = "128000",
        ["Orchestrator:Models:0:MaxOutputTokens"] = "4096",
        ["Orchestrator:Models:0:SupportsTools"] = "true",
        ["Orchestrator:Models:0:SupportsJsonMode"] = "true",
        ["Orchestrator:Models:1:Provider"] = "local",
        ["Orchestrator:Models:1:Id"] = "local-test",
        ["Orchestrator:Models:1:Tier"] = "0",
        ["Orchestrator:Models:1:Local"] = "true",
        ["Orchestrator:Models:1:InputPricePerMillion"] = "0",
        ["Orchestrator:Models:1:OutputPricePerMillion"] = "0",
        ["Orchestrator:Models:1:ContextWindow"] = "32000",
        ["Orchestrator:Models:1:MaxOutputTokens"] = "4096",
        ["Orchestrator:Models:1:SupportsTools"] = "true",
        ["Orchestrator:Routing:HealthChecks"] = "false",
        ["Orchestrator:Routing:MaxRetryAfterWaitSeconds"] = "1",
        ["Orchestrator:Gateway:AdminToken"] = AdminToken,
    };

    /// <summary>The official OpenAI client pointed at the gateway with a key, SDK retries off so each refusal is seen once.</summary>
    public OpenAIClient OpenAI(string key) => Client(Address, key);

    public static OpenAIClient Client(Uri gateway, string key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(gateway, "v1/"), RetryPolicy = new ClientRetryPolicy(0) });

    public Task<CreatedKey> CreateKeyAsync(object request, CancellationToken cancellationToken) => CreateKeyAsync(Http, request, cancellationToken);

    public static async Task<CreatedKey> CreateKeyAsync(HttpClient http, object request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "admin/keys") { Content = JsonContent.Create(request) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return new CreatedKey(json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("key").GetString()!);
    }

    public Task<HttpResponseMessage> RevokeAsync(string id, CancellationToken cancellationToken) => RevokeAsync(Http, id, cancellationToken);

    public static async Task<HttpResponseMessage> RevokeAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, $"admin/keys/{id}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return await http.SendAsync(message, cancellationToken);
    }

    /// <summary>A raw chat request, for status codes and headers the SDK hides.</summary>
    public Task<HttpResponseMessage> PostChatAsync(string? key, string json, CancellationToken cancellationToken, string? privateHeader = null) =>
        PostChatAsync(Http, key, json, cancellationToken, privateHeader);

    public static async Task<HttpResponseMessage> PostChatAsync(HttpClient http, string? key, string json, CancellationToken cancellationToken, string? privateHeader = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (privateHeader is not null)
        {
            message.Headers.Add("X-Orchestrator-Private", privateHeader);
        }

        return await http.SendAsync(message, cancellationToken);
    }

    public static string Hello(string model, bool stream = false) =>
        $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"max_tokens":16,"messages":[{"role":"user","content":"Hello"}]}""";

    /// <summary>The LLMOps log's rows after a flush, each row's <paramref name="columns"/> joined with <c>|</c>, in the order given.</summary>
    public async Task<List<string>> LogRowsAsync(string columns, string orderBy, CancellationToken cancellationToken)
    {
        await Services.GetRequiredService<Orchestrator.Plugins.Observability.LlmOpsLog>().FlushAsync(cancellationToken);
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "llmops.db")}");
        await db.OpenAsync(cancellationToken);
        await using var query = db.CreateCommand();
#pragma warning disable CA2100 // The columns and order come from the test's own constants.
        query.CommandText = $"SELECT {columns} FROM llm_invocations ORDER BY {orderBy}";
#pragma warning restore CA2100
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    /// <summary>The spend and the holds of a user's daily pool (the key's <c>budget_period: daily</c> cap) in the budget ledger.</summary>
    public async Task<(decimal Spent, decimal Reserved)> DailySpendAsync(string userId, int tier, CancellationToken cancellationToken)
    {
        var status = await Services.GetRequiredService<Orchestrator.Budgets.BudgetGate>().GetStatusAsync(new Orchestrator.Budgets.BudgetSubject(userId, null, tier), cancellationToken);
        var daily = status.Single(p => p.Pool.Scope == Orchestrator.Budgets.BudgetScope.User && p.Pool.Period == Orchestrator.Budgets.BudgetPeriod.Daily);
        return (daily.Spent, daily.Reserved);
    }

    /// <summary>Reads an OpenAI-format error body and checks its shape.</summary>
    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _), body);
        Assert.True(error.TryGetProperty("code", out _), body);
        return error;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Cloud.DisposeAsync();
        await Local.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}

internal sealed record CreatedKey(string Id, string Secret);
