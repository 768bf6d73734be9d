using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestrator.Budgets.Tests.Api;

/// <summary>The Budget REST API through a real Kestrel host: every endpoint, authentication and bad input.</summary>
public sealed class BudgetApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct));

    [Fact]
    public async Task Health_answers_without_a_key_and_names_the_ledger()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct);

        using var response = await host.As(null).GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SqliteBudgetLedger", (await JsonAsync(response)).GetProperty("ledger").GetString());
    }

    [Fact]
    public async Task Calls_without_a_valid_key_get_401_and_a_reader_key_cannot_set_limits()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct);
        var body = new { user_id = "alice", period = "daily", limit = 5 };

        using var none = await host.As(null).GetAsync(new Uri("/spend/alice", UriKind.Relative), Ct);
        using var wrong = await host.As("not-a-key").GetAsync(new Uri("/spend/alice", UriKind.Relative), Ct);
        using var reader = await host.As(BudgetApiHost.ReaderKey).PostAsJsonAsync("/limit", body, Ct);
        using var readerDelete = await host.As(BudgetApiHost.ReaderKey).DeleteAsync(new Uri("/limit/alice/daily", UriKind.Relative), Ct);
        using var admin = await host.As(BudgetApiHost.AdminKey).PostAsJsonAsync("/limit", body, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_each_field()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct);
        var client = host.As(BudgetApiHost.AdminKey);

        using var limit = await client.PostAsJsonAsync("/limit", new { user_id = "", period = "yearly", limit = -1 }, Ct);
        using var track = await client.PostAsJsonAsync("/track", new { user_id = "alice", model = "no-such-model", input_tokens = 10 }, Ct);
        using var period = await client.GetAsync(new Uri("/top-spenders/hourly", UriKind.Relative), Ct);
        using var malformed = await client.PostAsync(new Uri("/track", UriKind.Relative), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Equal("application/problem+json", limit.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(limit)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("user_id", out _));
        Assert.True(errors.TryGetProperty("period", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.BadRequest, track.StatusCode);
        Assert.True((await JsonAsync(track)).GetProperty("errors").TryGetProperty("model", out _));
        Assert.Equal(HttpStatusCode.BadRequest, period.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Limits_tracking_spend_and_reports_work_end_to_end()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct);
        var admin = host.As(BudgetApiHost.AdminKey);
        (await admin.PostAsJsonAsync("/limit", new { user_id = "bob", period = "daily", limit = 2 }, Ct)).Dispose();
        var client = host.As(BudgetApiHost.ReaderKey);

        // 10k input at $10/M + 20k output at $30/M = $0.70.
        using var tracked = await client.PostAsJsonAsync("/track", new { user_id = "bob", model = "acme/premium-1", input_tokens = 10_000, output_tokens = 20_000 }, Ct);
        (await client.PostAsJsonAsync("/track", new { user_id = "carol", cost = 0.25 }, Ct)).Dispose();
        using var spend = await client.GetAsync(new Uri("/spend/bob", UriKind.Relative), Ct);
        using var limits = await client.GetAsync(new Uri("/limit/bob", UriKind.Relative), Ct);
        using var top = await client.GetAsync(new Uri("/top-spenders/daily", UriKind.Relative), Ct);
        using var utilization = await client.GetAsync(new Uri("/utilization/daily", UriKind.Relative), Ct);
        using var tiers = await client.GetAsync(new Uri("/tier-costs/daily", UriKind.Relative), Ct);

        Assert.Equal(0.7m, (await JsonAsync(tracked)).GetProperty("cost").GetDecimal());
        Assert.Equal(0.7m, (await JsonAsync(spend)).GetProperty("total_spent").GetDecimal());
        var bobLimit = (await JsonAsync(limits)).GetProperty("limits").EnumerateArray().Single();
        Assert.Equal(2m, bobLimit.GetProperty("limit").GetDecimal());
        Assert.Equal(1.3m, bobLimit.GetProperty("remaining").GetDecimal());
        Assert.Equal(["bob", "carol"], (await JsonAsync(top)).GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var pools = (await JsonAsync(utilization)).GetProperty("pools").EnumerateArray().ToDictionary(p => p.GetProperty("pool").GetString()!, p => p.GetProperty("utilization").GetDecimal());
        Assert.Equal(35m, pools["user:bob:daily"]);
        Assert.Equal(2.5m, pools["user:carol:daily"]);
        Assert.Equal(0.7m, pools["tier:3:daily"]);
        var tier = (await JsonAsync(tiers)).GetProperty("rows").EnumerateArray().Single();
        Assert.Equal("3", tier.GetProperty("name").GetString());
        Assert.Equal(0.7m, tier.GetProperty("spent").GetDecimal());

        using var deleted = await host.As(BudgetApiHost.AdminKey).DeleteAsync(new Uri("/limit/bob/daily", UriKind.Relative), Ct);
        using var again = await host.As(BudgetApiHost.AdminKey).DeleteAsync(new Uri("/limit/bob/daily", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_endpoint()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct);

        var document = await host.As(null).GetStringAsync(new Uri("/openapi/budget.json", UriKind.Relative), Ct);

        foreach (var path in new[] { "/limit", "/limit/{user_id}", "/limit/{user_id}/{period}", "/track", "/spend/{user_id}", "/top-spenders/{period}", "/utilization/{period}", "/tier-costs/{period}", "/health" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
