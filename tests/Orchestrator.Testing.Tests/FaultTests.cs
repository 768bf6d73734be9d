using System.ClientModel;
using System.Diagnostics;
using System.Net;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Testing.Tests;

/// <summary>Each injected fault surfaces in each official SDK as an error the caller can see and classify.</summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int> ProvidersAndStatuses()
    {
        var data = new TheoryData<string, int>();
        foreach (var provider in new[] { "openai", "anthropic", "ollama" })
        {
            foreach (var status in new[] { 400, 401, 429, 500, 503 })
            {
                data.Add(provider, status);
            }
        }

        return data;
    }

    public static TheoryData<string> Providers => SdkClients.Providers;

    [Theory]
    [MemberData(nameof(ProvidersAndStatuses))]
    public async Task Error_status_surfaces_in_the_sdk_with_its_code(string provider, int status)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(status switch
        {
            400 => WireFault.BadRequest(),
            401 => WireFault.Unauthorized(),
            429 => WireFault.TooManyRequests(TimeSpan.FromSeconds(2)),
            500 => WireFault.InternalServerError(),
            _ => WireFault.ServiceUnavailable(),
        }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct));

        if (provider == "ollama" && status == 400)
        {
            // OllamaSharp turns a 400 into an OllamaException carrying Ollama's {"error": "..."} message, without the status.
            var ollamaError = Assert.IsAssignableFrom<OllamaSharp.Models.Exceptions.OllamaException>(error);
            Assert.Contains(WireFault.BadRequest().Message, ollamaError.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(status, StatusOf(error));
        }

        Assert.Single(server.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streamed_request_sees_the_error_status_too(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests()));

        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => SdkClients.For(provider, server).GetStreamingResponseAsync("Hi", cancellationToken: Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(429, StatusOf(error));
    }

    [Fact]
    public async Task Rate_limit_carries_the_retry_after_the_sdk_can_read()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromSeconds(1.5))));

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => SdkClients.OpenAI(server).CompleteChatAsync(["Hi"], cancellationToken: Ct));

        var headers = error.GetRawResponse()!.Headers;
        Assert.True(headers.TryGetValue("Retry-After", out var seconds));
        Assert.Equal("2", seconds);
        Assert.True(headers.TryGetValue("retry-after-ms", out var milliseconds));
        Assert.Equal("1500", milliseconds);
    }

    [Fact]
    public async Task Sdk_with_default_retries_recovers_from_a_rate_limit_after_the_announced_delay()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedReply.Fault(WireFault.TooManyRequests(TimeSpan.FromMilliseconds(200))),
            ScriptedReply.Text("Second time lucky"));
        var client = new OpenAI.Chat.ChatClient(SdkClients.OpenAIModel, new ApiKeyCredential("sk-test"), new OpenAI.OpenAIClientOptions { Endpoint = server.OpenAIEndpoint });

        var stopwatch = Stopwatch.StartNew();
        var completion = await client.CompleteChatAsync(["Hi"], cancellationToken: Ct);

        Assert.Equal("Second time lucky", completion.Value.Content[0].Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(180), $"retried after {stopwatch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Hung_request_ends_when_the_caller_cancels(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.Hang()));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: timeout.Token));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Slow_first_byte_trips_the_client_network_timeout()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Too late").WithFirstByteDelay(TimeSpan.FromSeconds(5)));
        var client = SdkClients.OpenAI(server, networkTimeout: TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => client.CompleteChatAsync(["Hi"], cancellationToken: Ct));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"gave up after {stopwatch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Slow_first_byte_delays_the_reply_but_still_delivers_it(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Worth the wait").WithFirstByteDelay(TimeSpan.FromMilliseconds(300)));

        var stopwatch = Stopwatch.StartNew();
        var response = await SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("Worth the wait", response.Text);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {stopwatch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Connection_dropped_mid_stream_fails_the_stream_after_some_text(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.DropConnection(afterChunks: 4)));

        var received = new List<string>();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in SdkClients.For(provider, server).GetStreamingResponseAsync("Hi", cancellationToken: Ct))
            {
                received.Add(update.Text);
            }
        });

        Assert.NotNull(error);
        Assert.Contains(received, text => text.StartsWith("word", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anthropic_in_stream_error_event_fails_the_stream_after_some_text()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(afterChunks: 4, message: "Overloaded")));

        var received = new List<string>();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in SdkClients.AnthropicChat(server).GetStreamingResponseAsync("Hi", cancellationToken: Ct))
            {
                received.Add(update.Text);
            }
        });

        Assert.NotNull(error);
        Assert.Contains("Overloaded", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(received, text => text.StartsWith("word", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("ollama")]
    public async Task In_stream_error_event_silently_ends_an_openai_or_ollama_stream_without_a_finish_reason(string provider)
    {
        // Neither SDK raises on an error event inside a stream: the caller only sees a reply that stops without
        // a finish reason. Provider code must treat that as a failure; this pins the SDK behaviour it has to handle.
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(afterChunks: 4)));

        var updates = await SdkClients.For(provider, server).GetStreamingResponseAsync("Hi", cancellationToken: Ct).ToListAsync(Ct);

        Assert.StartsWith("word1", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
        Assert.DoesNotContain(updates, u => u.FinishReason is not null);
    }

    [Fact]
    public async Task In_stream_error_scripted_for_a_non_streamed_request_is_a_server_error()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.StreamError(message: "Overloaded")));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAI(server).CompleteChatAsync(["Hi"], cancellationToken: Ct));

        Assert.Equal(500, error.Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Connection_dropped_before_a_whole_body_fails_the_request(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.DropConnection()));

        await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Malformed_json_fails_the_request(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.MalformedJson()));

        await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Malformed_stream_event_fails_the_stream(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.MalformedJson()));

        await Assert.ThrowsAnyAsync<Exception>(
            () => SdkClients.For(provider, server).GetStreamingResponseAsync("Hi", cancellationToken: Ct).ToListAsync(Ct).AsTask());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Html_page_instead_of_json_fails_the_request(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.WrongContentType()));

        await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Empty_body_fails_the_request(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.EmptyBody()));

        await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct));
    }

    /// <summary>The HTTP status an SDK exception carries, wherever that SDK keeps it.</summary>
    private static int? StatusOf(Exception error) => error switch
    {
        ClientResultException openAI => openAI.Status,
        AnthropicApiException anthropic => (int)anthropic.StatusCode,
        HttpRequestException { StatusCode: HttpStatusCode code } => (int)code,
        { InnerException: { } inner } => StatusOf(inner),
        _ => null,
    };
}
