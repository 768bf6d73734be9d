using System.Net;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>Budgets (402), the per-key rate limit and upstream rate limits (429 with Retry-After), and 503 when nobody can serve.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task A_key_over_its_budget_gets_402_before_anything_is_sent_streamed_or_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "spender", budget_period = "daily", budget_limit = 0.001m }, ct);
        host.Cloud.DefaultReply = ScriptedReply.Text("expensive");

        using var plain = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
        using var streamed = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel, stream: true), ct);
        var sdk = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel).CompleteChatAsync(["Hello"], cancellationToken: ct));

        Assert.Equal(HttpStatusCode.PaymentRequired, plain.StatusCode);
        var error = await GatewayTestHost.ErrorOf(plain, ct);
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("user:spender:daily", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PaymentRequired, streamed.StatusCode);
        Assert.Equal("application/json", streamed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(402, sdk.Status);
        Assert.Empty(host.Cloud.Requests);
    }

    [Fact]
    public async Task A_key_past_its_rate_limit_gets_429_with_Retry_After()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var limited = await host.CreateKeyAsync(new { user_id = "hasty", rate_limit_per_minute = 2 }, ct);
        var other = await host.CreateKeyAsync(new { user_id = "calm", rate_limit_per_minute = 2 }, ct);
        host.Local.DefaultReply = ScriptedReply.Text("ok");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.PostChatAsync(limited.Secret, GatewayTestHost.Hello(GatewayTestHost.LocalModel), ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter!.Delta!.Value;
                Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
                Assert.Equal("rate_limit_exceeded", (await GatewayTestHost.ErrorOf(response, ct)).GetProperty("code").GetString());
            }
        }

        using var otherKey = await host.PostChatAsync(other.Secret, GatewayTestHost.Hello(GatewayTestHost.LocalModel), ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal(3, host.Local.Requests.Count);
    }

    [Fact]
    public async Task When_every_candidate_is_cooling_down_after_an_upstream_429_the_client_gets_429_with_the_providers_Retry_After()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice", allowed_models = new[] { GatewayTestHost.CloudModel } }, ct);
        host.Cloud.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(retryAfter: TimeSpan.FromSeconds(40))));

        using var first = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct);
        using var second = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto", stream: true), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.InRange(first.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(40));
        Assert.Equal("upstream_rate_limited", (await GatewayTestHost.ErrorOf(first, ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Single(host.Cloud.Requests);
    }

    [Fact]
    public async Task When_no_provider_can_serve_the_client_gets_503()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()));

        using var response = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = await GatewayTestHost.ErrorOf(response, ct);
        Assert.Equal("no_provider_available", error.GetProperty("code").GetString());
        Assert.Null(response.Headers.RetryAfter);
    }
}
