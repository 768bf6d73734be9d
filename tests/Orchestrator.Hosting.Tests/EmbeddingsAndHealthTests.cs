using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Hosting.Tests.Infrastructure;

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
        using var direct = new MiniLmEmbeddingGenerator();
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
