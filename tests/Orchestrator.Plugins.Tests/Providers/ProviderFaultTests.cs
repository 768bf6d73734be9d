using Microsoft.Extensions.AI;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>Each injected fault surfaces, for every protocol, as the right Orchestrator exception.</summary>
public sealed class ProviderFaultTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "Hello")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> ProtocolsAndModes()
    {
        var data = new TheoryData<string, string>();
        foreach (var protocol in new[] { "openai", "anthropic", "ollama" })
        {
            data.Add(protocol, "response");
            data.Add(protocol, "stream");
        }

        return data;
    }

    private static async Task<TException> CallAsync<TException>(WireHost host, string provider, string mode)
        where TException : Exception
    {
        var client = host.Registry.GetChatClient(provider, WireHost.Model);
        return mode == "stream"
            ? await Assert.ThrowsAnyAsync<TException>(async () => await client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct))
            : await Assert.ThrowsAnyAsync<TException>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Rate_limit_is_transient_carries_Retry_After_and_is_not_retried_by_the_SDK(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromSeconds(2))));
        host.Server.DefaultReply = ScriptedReply.Text("should not be reached");

        var ex = await CallAsync<ProviderUnavailableException>(host, provider, mode);

        Assert.Equal(ProviderFailureKind.RateLimited, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Single(host.Server.Requests);
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Server_errors_are_transient(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.InternalServerError()), ScriptedReply.Fault(WireFault.ServiceUnavailable()));

        var first = await CallAsync<ProviderUnavailableException>(host, provider, mode);
        var second = await CallAsync<ProviderUnavailableException>(host, provider, mode);

        Assert.Equal((ProviderFailureKind.ServerError, 500), (first.Kind, first.StatusCode));
        Assert.Equal((ProviderFailureKind.ServerError, 503), (second.Kind, second.StatusCode));
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Bad_request_and_bad_credentials_are_rejections_naming_the_provider(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.BadRequest("messages: field required")), ScriptedReply.Fault(WireFault.Unauthorized()));

        var bad = await CallAsync<ProviderRequestRejectedException>(host, provider, mode);
        var auth = await CallAsync<ProviderRequestRejectedException>(host, provider, mode);

        Assert.Equal(ProviderFailureKind.BadRequest, bad.Kind);
        Assert.Contains("messages: field required", bad.Message, StringComparison.Ordinal);
        Assert.Contains($"'{provider}'", bad.Message, StringComparison.Ordinal);
        Assert.False(bad.IsTransient);
        Assert.Equal(ProviderFailureKind.AuthenticationFailed, auth.Kind);
        Assert.DoesNotContain("sk-test-0123456789", auth.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Garbage_bodies_are_malformed_responses(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(
            ScriptedReply.Fault(WireFault.MalformedJson()),
            ScriptedReply.Fault(WireFault.WrongContentType()),
            ScriptedReply.Fault(WireFault.EmptyBody()));

        for (var i = 0; i < 3; i++)
        {
            var ex = await CallAsync<ProviderUnavailableException>(host, provider, mode);
            Assert.True(ex.Kind == ProviderFailureKind.MalformedResponse, $"fault {i}: {ex.Kind} {ex.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Provider_that_hangs_fails_as_a_timeout(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(timeoutSeconds: 1, cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.Hang()));

        var ex = await CallAsync<ProviderUnavailableException>(host, provider, mode);

        Assert.Equal(ProviderFailureKind.Timeout, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndModes))]
    public async Task Slow_first_byte_within_the_limit_succeeds(string provider, string mode)
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("late but fine").WithFirstByteDelay(TimeSpan.FromMilliseconds(300)));
        var client = host.Registry.GetChatClient(provider, WireHost.Model);

        var text = mode == "stream"
            ? (await client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct).ToListAsync(Ct)).ToChatResponse().Text
            : (await client.GetResponseAsync(Prompt, cancellationToken: Ct)).Text;

        Assert.Equal("late but fine", text);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_connection_failure()
    {
        await using var host = await WireHost.StartAsync(cancellationToken: Ct);
        await host.Server.DisposeAsync();

        var ex = await CallAsync<ProviderUnavailableException>(host, "openai", "response");

        Assert.Equal(ProviderFailureKind.ConnectionFailed, ex.Kind);
    }
}
