using System.Net;
using System.Text.Json;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>A private request (by header or by the key's setting) never reaches a non-local provider: the cloud wire server's log stays empty.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task A_private_key_is_served_locally_and_never_reaches_the_cloud_even_when_the_local_model_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "patient", @private = true }, ct);
        host.Cloud.DefaultReply = ScriptedReply.Text("cloud saw it");
        host.Local.Enqueue(ScriptedReply.Text("kept local"), ScriptedReply.Fault(WireFault.InternalServerError()));

        using var served = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct);
        using var failed = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct);
        using var askedForCloud = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("kept local", JsonDocument.Parse(await served.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, askedForCloud.StatusCode);
        Assert.Contains("not sent to any cloud provider", (await GatewayTestHost.ErrorOf(askedForCloud, ct)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, host.Local.Requests.Count);
        Assert.Empty(host.Cloud.Requests);
    }

    [Fact]
    public async Task The_privacy_header_makes_one_request_private_streamed_or_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "doctor", allowed_models = new[] { GatewayTestHost.CloudModel } }, ct);
        host.Cloud.DefaultReply = ScriptedReply.Text("cloud");

        using var plain = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct);
        using var refused = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto"), ct, privateHeader: "true");
        using var refusedStream = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello("auto", stream: true), ct, privateHeader: "1");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedStream.StatusCode);
        Assert.Single(host.Cloud.Requests);
        Assert.Empty(host.Local.Requests);
    }
}
