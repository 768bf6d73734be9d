using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Routing;

/// <summary>
/// An Anthropic stream that opens with 200 and then sends <c>event: error</c> must steer the router exactly as the HTTP
/// status it stands for: same failure kind, failover to the next provider, same breaker count. Each case runs once
/// with the in-stream error and once with the HTTP status, and the two routing histories must match.
/// </summary>
public sealed class AnthropicErrorEventRoutingTests
{
    private static readonly ChatOptions Tier1 = new ChatOptions().WithRouting(new RoutingRequest { MinTier = 1, MaxTier = 1 });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int> ErrorTypes() => new()
    {
        { "Overloaded", 529 },
        { "Internal server error", 500 },
        { "Rate limit exceeded", 429 },
    };

    [Theory]
    [MemberData(nameof(ErrorTypes))]
    public async Task In_stream_error_fails_over_and_opens_the_breaker_like_its_HTTP_status(string message, int status)
    {
        var inStream = await RunAsync(() => WireFault.StreamError(afterChunks: 0, message, status));
        var http = await RunAsync(() => WireFault.Status(status, message));

        Assert.Equal(http, inStream);
        var kind = status == 429 ? ProviderFailureKind.RateLimited : ProviderFailureKind.ServerError;
        Assert.Equal($"{kind},{kind},{kind}", inStream.PremiumFailures);
        Assert.Equal("cheap-a,cheap-a,cheap-a,cheap-a", inStream.ServedBy);
        Assert.Equal(BreakerState.Open, inStream.Breaker);
        Assert.Equal(3, inStream.CallsToPremium);
    }

    /// <summary>Anthropic (moved to tier 1, first by priority) fails three streams, cheap-a serves each; a fourth request skips the open breaker.</summary>
    private static async Task<History> RunAsync(Func<WireFault> fault)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await RouterHost.StartAsync(clock, PremiumFirstInTier1, Ct);
        var kinds = new List<ProviderFailureKind>();
        var servedBy = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            if (i < 3)
            {
                host.Premium.Enqueue(ScriptedReply.Fault(fault()));
            }

            host.CheapA.Enqueue(ScriptedReply.Text($"answer {i}"));
            var updates = await host.Router.GetStreamingResponseAsync($"request {i}", Tier1, Ct).ToListAsync(Ct);
            Assert.Equal($"answer {i}", updates.ToChatResponse().Text);
            var decision = updates.Select(u => u.GetRoutingDecision()).First(d => d is not null)!;
            kinds.AddRange(decision.Attempts.Where(a => a.Provider == "premium" && a.FailureKind is not null).Select(a => a.FailureKind!.Value));
            servedBy.Add(decision.ServedBy!.Provider);
        }

        return new History(string.Join(",", kinds), string.Join(",", servedBy), host.RouterClient.GetBreakerState("premium"), host.CallsTo("big"));
    }

    private static void PremiumFirstInTier1(Orchestrator.Configuration.OrchestratorOptions options)
    {
        options.Models.Single(m => m.Provider == "premium").Tier = 1;
        options.Providers["premium"].Priority = 1;
    }

    private sealed record History(string PremiumFailures, string ServedBy, BreakerState Breaker, int CallsToPremium);
}
