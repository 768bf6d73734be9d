using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>Virtual keys: authentication, revocation, what a key may use, and how keys are stored and administered.</summary>
public sealed class VirtualKeyTests
{
    [Fact]
    public async Task Missing_wrong_and_revoked_keys_are_refused_with_401_in_OpenAI_error_format()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);
        host.Cloud.DefaultReply = ScriptedReply.Text("ok");

        using var missing = await host.PostChatAsync(null, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
        using var wrong = await host.PostChatAsync(key.Secret + "x", GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
        using var valid = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
        using (var revoke = await host.RevokeAsync(key.Id, ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var revoked = await host.PostChatAsync(key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("authentication_error", (await GatewayTestHost.ErrorOf(missing, ct)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_api_key", (await GatewayTestHost.ErrorOf(wrong, ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Single(host.Cloud.Requests);

        var sdk = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel).CompleteChatAsync(["Hello"], cancellationToken: ct));
        Assert.Equal(401, sdk.Status);
    }

    [Fact]
    public async Task A_key_may_only_use_its_allowed_models_and_tiers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var localOnly = await host.CreateKeyAsync(new { user_id = "alice", allowed_models = new[] { GatewayTestHost.LocalModel } }, ct);
        var cheap = await host.CreateKeyAsync(new { user_id = "bob", max_tier = 1 }, ct);
        host.Local.DefaultReply = ScriptedReply.Text("local answer");

        using var notAllowed = await host.PostChatAsync(localOnly.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel), ct);
        using var tooExpensive = await host.PostChatAsync(cheap.Secret, GatewayTestHost.Hello("gpt-test"), ct);
        using var unknown = await host.PostChatAsync(cheap.Secret, GatewayTestHost.Hello("no-such-model"), ct);
        using var auto = await host.PostChatAsync(localOnly.Secret, GatewayTestHost.Hello("auto"), ct);

        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Equal("model_not_allowed", (await GatewayTestHost.ErrorOf(notAllowed, ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, tooExpensive.StatusCode);
        Assert.Equal("tier_not_allowed", (await GatewayTestHost.ErrorOf(tooExpensive, ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model", (await GatewayTestHost.ErrorOf(unknown, ct)).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.OK, auto.StatusCode);
        Assert.Empty(host.Cloud.Requests);
        Assert.Single(host.Local.Requests);
    }

    [Fact]
    public async Task Keys_are_stored_as_SHA256_only_and_the_admin_API_shows_the_secret_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice", name = "ci", rate_limit_per_minute = 100 }, ct);

        using var list = new HttpRequestMessage(HttpMethod.Get, "admin/keys");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayTestHost.AdminToken);
        using var listed = await host.Http.SendAsync(list, ct);
        var listing = await listed.Content.ReadAsStringAsync(ct);
        using var noToken = await host.Http.GetAsync(new Uri("admin/keys", UriKind.Relative), ct);

        Assert.StartsWith("sk-orch-", key.Secret, StringComparison.Ordinal);
        Assert.True(key.Secret.Length >= 40);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var row = JsonDocument.Parse(listing).RootElement.GetProperty("data").EnumerateArray().Single();
        Assert.Equal(key.Id, row.GetProperty("id").GetString());
        Assert.False(row.TryGetProperty("key", out _));
        Assert.DoesNotContain(key.Secret, listing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);

        await using var db = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "keys.db")}");
        await db.OpenAsync(ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT * FROM gateway_keys";
        await using var reader = await query.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        var stored = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToList();
        Assert.DoesNotContain(stored, v => v.Contains(key.Secret[8..], StringComparison.Ordinal));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Secret))), stored);
    }

    [Fact]
    public async Task Bad_input_gets_a_400_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);

        using var notJson = await host.PostChatAsync(key.Secret, "{\"model\": ", ct);
        using var noMessages = await host.PostChatAsync(key.Secret, """{"model":"auto","messages":[]}""", ct);
        using var badRole = await host.PostChatAsync(key.Secret, """{"model":"auto","messages":[{"role":"wizard","content":"hi"}]}""", ct);
        using var noModel = await host.PostChatAsync(key.Secret, """{"messages":[{"role":"user","content":"hi"}]}""", ct);
        using var badImage = await host.PostChatAsync(key.Secret, """{"model":"auto","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"not a url"}}]}]}""", ct);

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("invalid_request_error", (await GatewayTestHost.ErrorOf(notJson, ct)).GetProperty("type").GetString());
        Assert.Equal("messages", (await GatewayTestHost.ErrorOf(noMessages, ct)).GetProperty("param").GetString());
        Assert.Equal("messages[0].role", (await GatewayTestHost.ErrorOf(badRole, ct)).GetProperty("param").GetString());
        Assert.Equal("model", (await GatewayTestHost.ErrorOf(noModel, ct)).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badImage.StatusCode);
        Assert.Equal("messages[0].content", (await GatewayTestHost.ErrorOf(badImage, ct)).GetProperty("param").GetString());
        Assert.Empty(host.Cloud.Requests);
        Assert.Empty(host.Local.Requests);
    }
}
