using System.Diagnostics;
using System.Net;
using Npgsql;
using Orchestrator.Budgets.Tests.Ledgers;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>
/// Two gateway OS processes sharing one real Redis (budget ledger) and one real PostgreSQL (keys, LLMOps log) behave
/// as one: keys, revocations (pushed over Redis pub/sub), rate limits (a Redis window), budgets and logs. The cache bound without Redis is
/// covered by <see cref="KeyCacheTests"/>.
/// </summary>
public sealed class ScaleOutTests(RedisServer redis)
{
    [Fact]
    public async Task Two_gateway_processes_share_keys_revocations_rate_limits_budgets_and_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var postgres = await PostgresCluster.StartAsync();
        var database = await postgres.CreateDatabaseAsync("gateway");
        await using var cloud = await WireServer.StartAsync(ct);
        await using var local = await WireServer.StartAsync(ct);
        cloud.DefaultReply = ScriptedReply.Text("shared answer", inputTokens: 10, outputTokens: 6);
        var settings = GatewayTestHost.Settings(cloud.OpenAIEndpoint, local.OpenAIEndpoint);
        settings["Orchestrator:Budgets:Redis"] = redis.ConnectionString;
        settings["Orchestrator:Budgets:RedisKeyPrefix"] = $"gw{Guid.NewGuid():N}";
        settings["Orchestrator:Gateway:Postgres"] = database;
        settings["Orchestrator:Gateway:KeyCacheSeconds"] = "60";
        settings["Orchestrator:Gateway:Redis"] = redis.ConnectionString;
        settings["Gateway:LogPostgres"] = database;
        settings["Gateway:Embeddings"] = "none";

        await using var a = await GatewayProcess.StartAsync(settings, ct);
        await using var b = await GatewayProcess.StartAsync(settings, ct);

        // A key created on A works on B.
        var key = await GatewayTestHost.CreateKeyAsync(a.Http, new { user_id = "shared-user" }, ct);
        using (var onB = await GatewayTestHost.PostChatAsync(b.Http, key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct))
        {
            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        }

        // Budget spent through A counts on B: each call holds up to (prompt + 16) x $0.001 and spends 16 x $0.001.
        var budgeted = await GatewayTestHost.CreateKeyAsync(a.Http, new { user_id = "budget-user", budget_period = "daily", budget_limit = 0.05m }, ct);
        var throughA = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await GatewayTestHost.PostChatAsync(a.Http, budgeted.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
            throughA.Add(response.StatusCode);
        }

        using (var overOnB = await GatewayTestHost.PostChatAsync(b.Http, budgeted.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], throughA);
            Assert.Equal(HttpStatusCode.PaymentRequired, overOnB.StatusCode);
        }

        // A rate limit is one window for both processes (a Redis counter): 3 a minute means 2 on A and 1 on B, then B refuses.
        var limited = await GatewayTestHost.CreateKeyAsync(a.Http, new { user_id = "limited-user", rate_limit_per_minute = 3 }, ct);
        var admitted = new List<HttpStatusCode>();
        foreach (var gateway in new[] { a, a, b })
        {
            using var response = await GatewayTestHost.PostChatAsync(gateway.Http, limited.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
            admitted.Add(response.StatusCode);
        }

        using (var fourth = await GatewayTestHost.PostChatAsync(b.Http, limited.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], admitted);
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.Equal("rate_limit_exceeded", (await GatewayTestHost.ErrorOf(fourth, ct)).GetProperty("code").GetString());
            Assert.InRange(fourth.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        }

        // Revoked on A, refused on B at once: the revocation is pushed over Redis pub/sub (B caches lookups for 60 s).
        using (var revoke = await GatewayTestHost.RevokeAsync(a.Http, key.Id, ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var revokedAt = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await GatewayTestHost.PostChatAsync(b.Http, key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
            status = response.StatusCode;
            if (status != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(100, ct);
            }
        }
        while (status != HttpStatusCode.Unauthorized && revokedAt.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(5), $"refused on B {revokedAt.Elapsed.TotalSeconds:0.0} s after the revocation on A");

        // Both processes' invocations land in llm_invocations (the log flushes every second and at shutdown).
        var successes = cloud.Requests.Count;
        long logged = 0;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        for (var i = 0; i < 100 && logged < successes; i++)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM llm_invocations WHERE status = 'succeeded'", connection);
            logged = (long)(await count.ExecuteScalarAsync(ct))!;
            if (logged < successes)
            {
                await Task.Delay(100, ct);
            }
        }

        Assert.Equal(successes, logged);
        await using var users = new NpgsqlCommand("SELECT user_id, count(*) FROM llm_invocations GROUP BY user_id ORDER BY user_id", connection);
        await using var reader = await users.ExecuteReaderAsync(ct);
        var byUser = new List<(string, long)>();
        while (await reader.ReadAsync(ct))
        {
            byUser.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        // budget-user: 2 through A; limited-user: 3; shared-user: 1 through B, plus any B served in the revocation window.
        Assert.Equal(("budget-user", 2L), byUser[0]);
        Assert.Equal(("limited-user", 3L), byUser[1]);
        Assert.Equal("shared-user", byUser[2].Item1);
        Assert.Equal(successes - 5, byUser[2].Item2);
    }
}
