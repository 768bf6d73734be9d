using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>
/// Writes one response: a whole JSON body, or a stream of SSE events / NDJSON lines flushed one by one,
/// pacing chunks and, when a <see cref="StreamCut"/> is scripted, aborting the connection or sending the
/// provider's in-stream error after a set number of them.
/// </summary>
internal sealed class WireStream(HttpContext context, TimeSpan chunkDelay, StreamCut? cut = null, WireDialect? dialect = null)
{
    private static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(150);

    private int _sent;
    private bool _ending;
    private bool _ended;

    public HttpResponse Response => context.Response;

    public async Task WriteJsonAsync(int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        Response.StatusCode = statusCode;
        Response.ContentType = "application/json";
        Response.ContentLength = bytes.Length;
        if (cut is null)
        {
            await Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A non-streamed reply has one chunk: send the headers and half the body, then cut the connection.
        await Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), cancellationToken).ConfigureAwait(false);
        await Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        await DropAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StartAsync(string contentType, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status200OK;
        Response.ContentType = contentType;
        Response.Headers.CacheControl = "no-cache";
        await Response.StartAsync(cancellationToken).ConfigureAwait(false);
        await Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (cut?.AfterChunks == 0)
        {
            await CutAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one server-sent event: an optional <c>event:</c> line and a <c>data:</c> line.</summary>
    public Task WriteEventAsync(string? eventName, JsonNode data, CancellationToken cancellationToken) =>
        WriteEventAsync(eventName, data.ToJsonString(), cancellationToken);

    public Task WriteEventAsync(string? eventName, string data, CancellationToken cancellationToken)
    {
        var frame = eventName is null
            ? string.Create(CultureInfo.InvariantCulture, $"data: {data}\n\n")
            : string.Create(CultureInfo.InvariantCulture, $"event: {eventName}\ndata: {data}\n\n");
        return SendAsync(frame, cancellationToken);
    }

    /// <summary>Sends one newline-delimited JSON line (Ollama's streaming format).</summary>
    public Task WriteLineAsync(JsonNode line, CancellationToken cancellationToken) =>
        WriteLineAsync(line.ToJsonString(), cancellationToken);

    public Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
        SendAsync(line + "\n", cancellationToken);

    private async Task SendAsync(string frame, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            // After a scripted in-stream error nothing more goes out; the writer runs on and the response ends.
            return;
        }

        if (_sent > 0 && chunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(chunkDelay, cancellationToken).ConfigureAwait(false);
        }

        await Response.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        _sent++;
        if (!_ending && _sent >= cut?.AfterChunks)
        {
            await CutAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CutAsync(CancellationToken cancellationToken)
    {
        if (cut?.ErrorMessage is not { } message || dialect is null)
        {
            await DropAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        _ending = true;
        await dialect.WriteStreamErrorAsync(this, message, cut.ErrorStatus, cancellationToken).ConfigureAwait(false);
        _ended = true;
    }

    private async Task DropAsync(CancellationToken cancellationToken)
    {
        // An abort resets the socket, and a reset discards whatever the client has not read yet: give it a moment
        // to take the chunks already sent, so the caller sees a stream that broke after them, not before.
        await Task.Delay(DrainPause, cancellationToken).ConfigureAwait(false);
        context.Abort();
        throw new OperationCanceledException("The wire server dropped the connection as scripted.");
    }
}
