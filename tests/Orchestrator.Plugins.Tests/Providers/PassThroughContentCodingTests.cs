using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Plugins.Providers.OpenAI;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>
/// The OpenAI pass-through asks for no content coding (its client has no automatic decompression) and still reads a
/// provider that compresses anyway. The upstream is a raw HTTP/1.1 server on loopback, so the test sees the request's
/// exact headers and controls the response's coding.
/// </summary>
public sealed class PassThroughContentCodingTests
{
    private const string Answer = """{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Compressed hello."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";

    private const string StreamedAnswer =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Compressed \"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"stream.\"},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n" +
        "data: [DONE]\n\n";

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData(null)]
    public async Task The_forward_asks_for_no_coding_and_reads_a_compressed_answer(string? coding)
    {
        var ct = TestContext.Current.CancellationToken;
        using var upstream = Upstream.Start(coding, streamed: false, ct);
        using var client = upstream.Provider.CreateChatClient("m");
        var options = PassThrough("""{"model":"x","messages":[{"role":"user","content":"hi"}]}"""u8.ToArray());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, ct);
        var requestHead = await upstream.Served;

        Assert.Equal("Compressed hello.", response.Text);
        Assert.Equal(5, response.Usage?.TotalTokenCount);
        Assert.DoesNotContain("accept-encoding", requestHead, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData(null)]
    public async Task A_streamed_forward_reads_a_compressed_event_stream(string? coding)
    {
        var ct = TestContext.Current.CancellationToken;
        using var upstream = Upstream.Start(coding, streamed: true, ct);
        using var client = upstream.Provider.CreateChatClient("m");
        var options = PassThrough("""{"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]}"""u8.ToArray());

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, ct))
        {
            updates.Add(update);
        }

        var requestHead = await upstream.Served;
        Assert.Equal("Compressed stream.", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(5, updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details.TotalTokenCount);
        Assert.DoesNotContain("accept-encoding", requestHead, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_coding_that_cannot_be_decoded_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => ContentCoding.DecodeAsync([1, 2, 3], "zstd", TestContext.Current.CancellationToken));

        Assert.Contains("'zstd'", error.Message, StringComparison.Ordinal);
    }

    private static ChatOptions PassThrough(byte[] body) =>
        new() { AdditionalProperties = new() { [OpenAIPassThroughRequest.Key] = new OpenAIPassThroughRequest(body) } };

    /// <summary>A raw HTTP/1.1 server on loopback that answers one request, and an OpenAI provider pointed at it.</summary>
    private sealed class Upstream : IDisposable
    {
        private readonly TcpListener _listener;

        private Upstream(TcpListener listener, Task<string> served, OpenAIChatProvider provider)
        {
            _listener = listener;
            Served = served;
            Provider = provider;
        }

        /// <summary>Gets the served request's head, once it has been answered.</summary>
        public Task<string> Served { get; }

        public OpenAIChatProvider Provider { get; }

        public static Upstream Start(string? coding, bool streamed, CancellationToken ct)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var provider = new OpenAIChatProvider(
                new ProviderDescriptor { Name = "cloud", Type = "openai", Protocol = "openai", BaseUri = new Uri($"http://127.0.0.1:{port}/v1/"), ApiKey = "sk-test" },
                TimeProvider.System);
            return new Upstream(listener, ServeOnceAsync(listener, coding, streamed, ct), provider);
        }

        public void Dispose()
        {
            Provider.Dispose();
            _listener.Dispose();
        }
    }

    /// <summary>Answers one request with <see cref="Answer"/> in the given coding; returns the request's head.</summary>
    private static async Task<string> ServeOnceAsync(TcpListener listener, string? coding, bool streamed, CancellationToken ct)
    {
        using var socket = await listener.AcceptTcpClientAsync(ct);
        var stream = socket.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[8192];
        var received = new MemoryStream();
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, ct);
            Assert.NotEqual(0, read);
            received.Write(buffer, 0, read);
        }

        head.Append(Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd));
        var body = Encoding.UTF8.GetBytes(streamed ? StreamedAnswer : Answer);
        if (coding is not null)
        {
            using var compressed = new MemoryStream();
            await using (Stream encoder = coding == "gzip" ? new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true) : new BrotliStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await encoder.WriteAsync(body, ct);
            }

            body = compressed.ToArray();
        }

        var responseHead = $"HTTP/1.1 200 OK\r\nContent-Type: {(streamed ? "text/event-stream" : "application/json")}\r\nContent-Length: {body.Length}\r\n{(coding is null ? string.Empty : $"Content-Encoding: {coding}\r\n")}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead), ct);
        await stream.WriteAsync(body, ct);
        return head.ToString();
    }

    private static int IndexOfHeadEnd(MemoryStream received)
    {
        var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
        return bytes.IndexOf("\r\n\r\n"u8);
    }
}
