using System.ClientModel;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;

namespace Orchestrator.Hosting.Tests;

/// <summary>Embeddings through the OpenAI client (MiniLM behind the gateway), and the health endpoints.</summary>
public sealed class EmbeddingsAndHealthTests
{
    [Fact]
    public async Task Embeddings_through_the_OpenAI_client_are_the_models_own_vectors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct, s => s["Gateway:Embeddings"] = "minilm");
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);
        var client = host.OpenAI(key.Secret).GetEmbeddingClient(MiniLmEmbeddingGenerator.ModelId);

        // The OpenAI .NET client asks for base64 by default; a float request is checked raw below.
        var many = (await client.GenerateEmbeddingsAsync(["The cat sat on the mat.", "Quarterly revenue grew."], cancellationToken: ct)).Value;
        using var direct = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        var expected = await direct.GenerateVectorAsync("The cat sat on the mat.", cancellationToken: ct);

        Assert.Equal(2, many.Count);
        var first = many[0].ToFloats().ToArray();
        Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, first.Length);
        Assert.Equal(expected.ToArray(), first);
        Assert.NotEqual(first, many[1].ToFloats().ToArray());

        using var raw = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/embeddings")
        {
            Content = new StringContent("""{"model":"x","input":"The cat sat on the mat.","encoding_format":"float"}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", key.Secret) },
        }, ct);
        var body = JsonDocument.Parse(await raw.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(expected.Span[0], body.GetProperty("data")[0].GetProperty("embedding")[0].GetSingle());
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Embeddings_are_budgeted_and_logged_for_the_keys_user_and_refused_with_402_over_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct, s =>
        {
            s["Gateway:Embeddings"] = "minilm";
            s["Orchestrator:Gateway:Embeddings:InputPricePerMillion"] = "1000000"; // one dollar per token
            s["Orchestrator:Gateway:Embeddings:Tier"] = "1";
        });
        var key = await host.CreateKeyAsync(new { user_id = "alice", budget_period = "daily", budget_limit = 20 }, ct);
        var client = host.OpenAI(key.Secret).GetEmbeddingClient(MiniLmEmbeddingGenerator.ModelId);

        var first = await client.GenerateEmbeddingAsync("The cat sat on the mat.", cancellationToken: ct);
        Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, first.Value.ToFloats().Length);
        var tokens = await TokensOfAsync(host, key.Secret, "The cat sat on the mat.", ct);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.GenerateEmbeddingAsync("A much longer text that certainly costs more than the dollars that are left in the pool of this key today.", cancellationToken: ct));

        Assert.Equal(402, refused.Status);
        Assert.Contains("insufficient_quota", refused.Message, StringComparison.Ordinal);
        var status = await host.Services.GetRequiredService<BudgetGate>().GetStatusAsync(new BudgetSubject("alice", null, 1), ct);
        var daily = status.Single(p => p.Pool.Scope == BudgetScope.User && p.Pool.Period == BudgetPeriod.Daily);
        Assert.Equal(2m * tokens, daily.Spent); // the two calls that ran; the refused one is not charged
        Assert.Equal(0m, daily.Reserved);

        await host.Services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "llmops.db")}");
        await db.OpenAsync(ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT operation, user_id, provider, model, tier, is_local, input_tokens, cost_usd, status FROM llm_invocations ORDER BY started_at";
        await using var row = await query.ExecuteReaderAsync(ct);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await row.ReadAsync(ct));
            Assert.Equal(("embeddings", "alice", "local", MiniLmEmbeddingGenerator.ModelId, 1L, 1L), (row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetInt64(4), row.GetInt64(5)));
            Assert.Equal((tokens, (double)tokens, "succeeded"), (row.GetInt64(6), row.GetDouble(7), row.GetString(8)));
        }

        Assert.False(await row.ReadAsync(ct));
    }

    /// <summary>A raw embeddings call; returns the prompt tokens the gateway reports (and charges).</summary>
    private static async Task<long> TokensOfAsync(GatewayTestHost host, string key, string input, CancellationToken ct)
    {
        using var raw = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/embeddings")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = "x", input, encoding_format = "float" }), System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", key) },
        }, ct);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        return JsonDocument.Parse(await raw.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt64();
    }

    [Fact]
    public async Task Health_live_answers_and_ready_reports_each_dependency()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);

        using var live = await host.Http.GetAsync(new Uri("health/live", UriKind.Relative), ct);
        using var ready = await host.Http.GetAsync(new Uri("health/ready", UriKind.Relative), ct);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = report.GetProperty("checks");
        Assert.Equal(["budget-ledger", "embedding", "gateway-keys", "llmops-log", "providers"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("sqlite", checks.GetProperty("gateway-keys").GetProperty("data").GetProperty("backend").GetString());
        Assert.Equal("SqliteBudgetLedger", checks.GetProperty("budget-ledger").GetProperty("data").GetProperty("backend").GetString());
        Assert.False(checks.GetProperty("embedding").GetProperty("data").GetProperty("configured").GetBoolean());
        Assert.True(checks.GetProperty("providers").GetProperty("data").TryGetProperty("cloud", out _));
    }

    [Fact]
    public async Task Ready_is_503_naming_the_dependency_that_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var closedPort = Orchestrator.Budgets.Tests.Ledgers.RedisServer.FreePort();
        await using var host = await GatewayTestHost.StartAsync(ct, s =>
        {
            s["Orchestrator:Gateway:Postgres"] = $"Host=127.0.0.1;Port={closedPort};Username=postgres;Database=none;Timeout=2";
            s["Orchestrator:Gateway:MigrateOnStart"] = "false";
        });

        using var live = await host.Http.GetAsync(new Uri("health/live", UriKind.Relative), ct);
        using var ready = await host.Http.GetAsync(new Uri("health/ready", UriKind.Relative), ct);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", checks.GetProperty("gateway-keys").GetProperty("status").GetString());
        Assert.Equal("postgres", checks.GetProperty("gateway-keys").GetProperty("data").GetProperty("backend").GetString());
        Assert.Equal("Healthy", checks.GetProperty("budget-ledger").GetProperty("status").GetString());

        // Requests that need the key store get a 503 in OpenAI's format, not an empty 500.
        using var chat = await host.PostChatAsync("sk-orch-anything", Infrastructure.GatewayTestHost.Hello("auto"), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
        Assert.Equal("key_store_unavailable", (await Infrastructure.GatewayTestHost.ErrorOf(chat, ct)).GetProperty("code").GetString());
    }
}
