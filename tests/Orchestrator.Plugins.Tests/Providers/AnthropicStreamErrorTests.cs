using Microsoft.Extensions.AI;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>
/// Anthropic reports some failures inside a 200 stream (<c>event: error</c>) instead of as an HTTP status. Before the
/// first token they must classify exactly like the HTTP status they stand for, so the router fails over and counts
/// them the same way.
/// </summary>
public sealed class AnthropicStreamErrorTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "Hello")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(529, "Overloaded", ProviderFailureKind.ServerError)]
    [InlineData(500, "Internal server error", ProviderFailureKind.ServerError)]
    [InlineData(429, "Number of request tokens has exceeded your rate limit", ProviderFailureKind.RateLimited)]
    public async Task In_stream_error_before_any_content_classifies_like_its_HTTP_status(int status, string message, ProviderFailureKind expected)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(afterChunks: 0, message, status)));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
            await host.Registry.GetChatClient("anthropic", WireHost.Model).GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct));

        Assert.Equal(expected, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(expected, Assert.Single(host.Sink.Records).ErrorKind);
    }

    [Fact]
    public async Task In_stream_error_after_content_is_still_an_interruption()
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(afterChunks: 4, "Overloaded", 529)));

        var ex = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
            await host.Registry.GetChatClient("anthropic", WireHost.Model).GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct));

        Assert.StartsWith("word1", ex.PartialText, StringComparison.Ordinal);
    }
}
