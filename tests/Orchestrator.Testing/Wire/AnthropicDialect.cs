using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>
/// Anthropic messages: a <c>message</c> object with content blocks, or the named SSE events
/// <c>message_start</c> … <c>message_stop</c> with <c>ping</c>s between.
/// </summary>
internal sealed class AnthropicDialect : WireDialect
{
    public override WireProtocol Protocol => WireProtocol.Anthropic;

    public override string StreamContentType => "text/event-stream; charset=utf-8";

    public override async Task WriteReplyAsync(
        HttpContext context, RecordedRequest request, ScriptedReply reply, StreamCut? cut, CancellationToken cancellationToken)
    {
        var stream = new WireStream(context, reply.ChunkDelay, cut, this);
        var model = request.Model ?? "claude-sonnet-4-5";
        var calls = reply.Calls.Select(call => (call, id: call.Id ?? NewId("toolu_"))).ToList();
        var stopReason = reply.IsTruncated ? "max_tokens" : calls.Count > 0 ? "tool_use" : "end_turn";
        var hasText = reply.Content.Length > 0 || calls.Count == 0;

        if (!request.IsStreaming)
        {
            var content = new JsonArray();
            if (hasText)
            {
                content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Content, ["citations"] = null });
            }

            foreach (var (call, id) in calls)
            {
                content.Add(ToolUse(call, id, ParseArguments(call)));
            }

            var message = Message(model, content, stopReason, Usage(reply, reply.ResolvedOutputTokens));
            await stream.WriteJsonAsync(StatusCodes.Status200OK, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await stream.StartAsync(StreamContentType, cancellationToken).ConfigureAwait(false);
        var start = Message(model, [], null, Usage(reply, 1));
        await stream.WriteEventAsync("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }, cancellationToken).ConfigureAwait(false);

        var index = 0;
        if (hasText)
        {
            var block = new JsonObject { ["type"] = "text", ["text"] = string.Empty, ["citations"] = null };
            await BlockStartAsync(stream, index, block, cancellationToken).ConfigureAwait(false);
            await stream.WriteEventAsync("ping", new JsonObject { ["type"] = "ping" }, cancellationToken).ConfigureAwait(false);
            foreach (var piece in TextChunker.Split(reply.Content))
            {
                var delta = new JsonObject { ["type"] = "text_delta", ["text"] = piece };
                await BlockDeltaAsync(stream, index, delta, cancellationToken).ConfigureAwait(false);
            }

            await BlockStopAsync(stream, index++, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (call, id) in calls)
        {
            await BlockStartAsync(stream, index, ToolUse(call, id, new JsonObject()), cancellationToken).ConfigureAwait(false);
            foreach (var fragment in TextChunker.Slice(call.ArgumentsJson))
            {
                var delta = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = fragment };
                await BlockDeltaAsync(stream, index, delta, cancellationToken).ConfigureAwait(false);
            }

            await BlockStopAsync(stream, index++, cancellationToken).ConfigureAwait(false);
        }

        var messageDelta = new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = Usage(reply, reply.ResolvedOutputTokens),
        };
        await stream.WriteEventAsync("message_delta", messageDelta, cancellationToken).ConfigureAwait(false);
        await stream.WriteEventAsync("message_stop", new JsonObject { ["type"] = "message_stop" }, cancellationToken).ConfigureAwait(false);
    }

    public override JsonNode ErrorBody(int statusCode, string message)
    {
        var type = statusCode switch
        {
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        return new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = NewId("req_"),
        };
    }

    public override JsonNode ModelList(IReadOnlyList<string> models) => new JsonObject
    {
        ["data"] = new JsonArray([.. models.Select(model => new JsonObject
        {
            ["type"] = "model",
            ["id"] = model,
            ["display_name"] = model,
            ["created_at"] = "2025-01-01T00:00:00Z",
        })]),
        ["has_more"] = false,
        ["first_id"] = models.Count > 0 ? models[0] : null,
        ["last_id"] = models.Count > 0 ? models[^1] : null,
    };

    public override Task WriteStreamErrorAsync(WireStream stream, string message, int? statusCode, CancellationToken cancellationToken) =>
        stream.WriteEventAsync("error", ErrorBody(statusCode ?? 529, message), cancellationToken);

    public override Task WriteMalformedStreamAsync(WireStream stream, CancellationToken cancellationToken) =>
        stream.WriteEventAsync("message_start", """{"type":"message_start","message":{"id":""", cancellationToken);

    private static JsonObject Message(string model, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = NewId("msg_"),
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static JsonObject ToolUse(ScriptedToolCall call, string id, JsonNode input) => new()
    {
        ["type"] = "tool_use",
        ["id"] = id,
        ["name"] = call.Name,
        ["input"] = input,
    };

    /// <summary>Anthropic counts cached prompt tokens apart from <c>input_tokens</c>; without usage the SDK still requires the fields, so zeros go out.</summary>
    private static JsonObject Usage(ScriptedReply reply, int outputTokens) => new()
    {
        ["input_tokens"] = reply.ReportsUsage ? Math.Max(0, reply.ResolvedInputTokens - reply.CachedInputTokens) : 0,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = reply.ReportsUsage ? reply.CachedInputTokens : 0,
        ["output_tokens"] = reply.ReportsUsage ? outputTokens : 0,
        ["service_tier"] = "standard",
    };

    private static Task BlockStartAsync(WireStream stream, int index, JsonObject block, CancellationToken cancellationToken) =>
        stream.WriteEventAsync("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block }, cancellationToken);

    private static Task BlockDeltaAsync(WireStream stream, int index, JsonObject delta, CancellationToken cancellationToken) =>
        stream.WriteEventAsync("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta }, cancellationToken);

    private static Task BlockStopAsync(WireStream stream, int index, CancellationToken cancellationToken) =>
        stream.WriteEventAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }, cancellationToken);
}
