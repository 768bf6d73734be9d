using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestrator.Hosting.Gateway.Wire;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// Writes <c>chat.completion.chunk</c> server-sent events straight into the response's pipe: one reused chunk object
/// and one reused <see cref="Utf8JsonWriter"/> per stream. Events are flushed by the caller before it waits for the
/// provider (<see cref="FlushAsync"/>), so the client sees a token the moment the provider sent it, and events that
/// arrived together cost one write.
/// </summary>
internal sealed class SseChunkWriter : IDisposable
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly ChatCompletionResponse _chunk;
    private readonly WireChoice _choice = new();
    private readonly WireResponseMessage _delta = new();

    public SseChunkWriter(HttpResponse response, string id, long created, string model)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        _pipe = response.BodyWriter;
        _json = new Utf8JsonWriter(_pipe, new JsonWriterOptions { SkipValidation = true });
        _chunk = new ChatCompletionResponse { Id = id, Object = "chat.completion.chunk", Created = created, Model = model, Choices = [_choice] };
        _choice.Delta = _delta;
    }

    public void WriteDelta(string? role, string? content, List<WireToolCall>? toolCalls, string? finishReason)
    {
        _delta.Role = role;
        _delta.Content = content;
        _delta.ToolCalls = toolCalls;
        _choice.FinishReason = finishReason;
        _chunk.Usage = null;
        Write(_chunk);
    }

    /// <summary>The extra chunk <c>stream_options.include_usage</c> asks for: no choices, the usage.</summary>
    public void WriteUsage(WireUsage usage)
    {
        _chunk.Choices = [];
        _chunk.Usage = usage;
        Write(_chunk);
    }

    /// <summary>Sends what has been written.</summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => _pipe.FlushAsync(cancellationToken);

    /// <summary>An error after the stream started, in the shape OpenAI sends it: a data event holding the error envelope.</summary>
    public ValueTask<FlushResult> WriteErrorAsync(GatewayError error, CancellationToken cancellationToken)
    {
        _pipe.Write(DataPrefix);
        JsonSerializer.Serialize(_json, error.ToEnvelope(), GatewayJsonContext.Default.ErrorEnvelope);
        _json.Reset();
        _pipe.Write(EventEnd);
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// An upstream <c>chat.completion.chunk</c> event's data, copied token by token with <c>model</c> set to this stream's
    /// model and, when <paramref name="usage"/> is given, <c>usage</c> replaced by it (the metered usage).
    /// </summary>
    public void WriteForwarded(ReadOnlySpan<byte> data, WireUsage? usage)
    {
        _pipe.Write(DataPrefix);
        PassThroughRewrite.Write(data, _json, _chunk.Model, replaceUsage: usage is not null, usage);
        _json.Flush();
        _json.Reset();
        _pipe.Write(EventEnd);
    }

    public ValueTask<FlushResult> WriteDoneAsync(CancellationToken cancellationToken)
    {
        _pipe.Write("data: [DONE]\n\n"u8);
        return _pipe.FlushAsync(cancellationToken);
    }

    public void Dispose() => _json.Dispose();

    private void Write(ChatCompletionResponse chunk)
    {
        _pipe.Write(DataPrefix);
        JsonSerializer.Serialize(_json, chunk, GatewayJsonContext.Default.ChatCompletionResponse);
        _json.Reset();
        _pipe.Write(EventEnd);
    }
}
