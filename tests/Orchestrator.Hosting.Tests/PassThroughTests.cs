using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>
/// Non-streamed calls to an OpenAI-protocol provider forward the client's body as sent (with the provider's model id)
/// and answer with the provider's body (with the gateway's model name and the metered usage), while routing, failover,
/// budgets and the log behave as on the SDK path.
/// </summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task The_clients_body_is_forwarded_with_the_providers_model_and_the_answer_carries_metered_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Forwarded as sent.").WithoutUsage());

        using var response = await host.PostChatAsync(key.Secret,
            """{"model":"cloud/gpt-test","max_tokens":16,"user":"end-user-7","metadata":{"ticket":"T-1"},"messages":[{"role":"user","content":"Hello"}]}""", ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = host.Cloud.Requests.Single().Json!.Value;
        Assert.Equal("gpt-test", sent.GetProperty("model").GetString());
        Assert.Equal("end-user-7", sent.GetProperty("user").GetString());
        Assert.Equal("T-1", sent.GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.Equal(16, sent.GetProperty("max_tokens").GetInt32());

        Assert.Equal(GatewayTestHost.CloudModel, body.GetProperty("model").GetString());
        Assert.Equal("cloud", response.Headers.GetValues("X-Orchestrator-Provider").Single());
        Assert.Equal("Forwarded as sent.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        // The provider reported no usage: the answer carries the gateway's estimate, as the SDK path does, and so does the log.
        var usage = body.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt64() > 0);
        Assert.True(usage.GetProperty("completion_tokens").GetInt64() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64());
        var row = await InvocationsAsync(host, ct);
        Assert.Equal([("alice", "cloud", "succeeded", 1L, usage.GetProperty("prompt_tokens").GetInt64())], row);
    }

    [Fact]
    public async Task A_failed_forward_fails_over_to_the_next_model_and_both_attempts_are_logged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "bob" }, ct);
        host.Local.Enqueue(ScriptedReply.Fault(WireFault.ServiceUnavailable()));
        host.Cloud.Enqueue(ScriptedReply.Text("Served after failover.", inputTokens: 8, outputTokens: 4));

        using var response = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayTestHost.CloudModel, body.GetProperty("model").GetString());
        Assert.Equal((8, 4), (body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), body.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.Equal("local-test", host.Local.Requests.Single().Model);
        Assert.Equal("gpt-test", host.Cloud.Requests.Single().Model);
        var rows = await InvocationsAsync(host, ct);
        Assert.Equal([("bob", "cloud", "succeeded", 0L, 8L), ("bob", "local", "failed", 0L, 0L)], rows.Order());
    }

    [Fact]
    public async Task An_upstream_refusal_on_the_forwarded_path_keeps_its_status_mapping()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "carol" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Fault(WireFault.Unauthorized()));

        using var response = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_authentication_failed", (await GatewayTestHost.ErrorOf(response, ct)).GetProperty("code").GetString());
    }

    private static async Task<List<(string User, string Provider, string Status, long Estimated, long InputTokens)>> InvocationsAsync(GatewayTestHost host, CancellationToken ct)
    {
        await host.Services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "llmops.db")}");
        await db.OpenAsync(ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT user_id, provider, status, tokens_estimated, input_tokens FROM llm_invocations";
        await using var reader = await query.ExecuteReaderAsync(ct);
        var rows = new List<(string, string, string, long, long)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return rows;
    }
}
