using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>OpenAI chat completions: a <c>chat.completion</c> object, or <c>chat.completion.chunk</c> SSE events ending in <c>[DONE]</c>.</summary>
internal sealed class OpenAIDialect : WireDialect
{
    public override WireProtocol Protocol => WireProtocol.OpenAI;

    public override string StreamContentType => "text/event-stream; charset=utf-8";

    public override async Task WriteReplyAsync(
        HttpContext context, RecordedRequest request, ScriptedReply reply, StreamCut? cut, CancellationToken cancellationToken)
    {
        var stream = new WireStream(context, reply.ChunkDelay, cut, this);
        var id = NewId("chatcmpl-");
        var created = UnixNow();
        var model = request.Model ?? "gpt-4o-mini";
        var calls = reply.Calls.Select(call => (call, id: call.Id ?? NewId("call_"))).ToList();
        var finish = reply.IsTruncated ? "length" : calls.Count > 0 ? "tool_calls" : "stop";

        if (!request.IsStreaming)
        {
            var message = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = calls.Count > 0 && reply.Content.Length == 0 ? null : reply.Content,
                ["refusal"] = null,
            };
            if (calls.Count > 0)
            {
                message["tool_calls"] = new JsonArray([.. calls.Select(c => ToolCall(c.call, c.id, null, c.call.ArgumentsJson))]);
            }

            var completion = Envelope(id, "chat.completion", created, model);
            completion["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = finish,
            });
            completion["usage"] = reply.ReportsUsage ? Usage(reply) : null;
            await stream.WriteJsonAsync(StatusCodes.Status200OK, completion, cancellationToken).ConfigureAwait(false);
            return;
        }

        var includeUsage = request.Json is { } json
            && json.TryGetProperty("stream_options", out var options)
            && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var flag)
            && flag.ValueKind == JsonValueKind.True;

        JsonObject Chunk(JsonObject delta, string? finishReason)
        {
            var chunk = Envelope(id, "chat.completion.chunk", created, model);
            chunk["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            });
            if (includeUsage)
            {
                chunk["usage"] = null;
            }

            return chunk;
        }

        await stream.StartAsync(StreamContentType, cancellationToken).ConfigureAwait(false);
        await stream.WriteEventAsync(null, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null }, null), cancellationToken).ConfigureAwait(false);
        foreach (var piece in TextChunker.Split(reply.Content))
        {
            await stream.WriteEventAsync(null, Chunk(new JsonObject { ["content"] = piece }, null), cancellationToken).ConfigureAwait(false);
        }

        for (var index = 0; index < calls.Count; index++)
        {
            var (call, callId) = calls[index];
            var head = new JsonArray(ToolCall(call, callId, index, string.Empty));
            await stream.WriteEventAsync(null, Chunk(new JsonObject { ["tool_calls"] = head }, null), cancellationToken).ConfigureAwait(false);
            foreach (var fragment in TextChunker.Slice(call.ArgumentsJson))
            {
                var part = new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = fragment } };
                await stream.WriteEventAsync(null, Chunk(new JsonObject { ["tool_calls"] = new JsonArray(part) }, null), cancellationToken).ConfigureAwait(false);
            }
        }

        await stream.WriteEventAsync(null, Chunk([], finish), cancellationToken).ConfigureAwait(false);
        if (includeUsage && reply.ReportsUsage)
        {
            var usageChunk = Envelope(id, "chat.completion.chunk", created, model);
            usageChunk["choices"] = new JsonArray();
            usageChunk["usage"] = Usage(reply);
            await stream.WriteEventAsync(null, usageChunk, cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteEventAsync(null, "[DONE]", cancellationToken).ConfigureAwait(false);
    }

    public override JsonNode ErrorBody(int statusCode, string message)
    {
        var (type, code) = statusCode switch
        {
            401 => ("invalid_request_error", "invalid_api_key"),
            429 => ("requests", "rate_limit_exceeded"),
            >= 500 => ("server_error", (string?)null),
            _ => ("invalid_request_error", null),
        };
        return new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        };
    }

    public override JsonNode ModelList(IReadOnlyList<string> models) => new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(model => new JsonObject
        {
            ["id"] = model,
            ["object"] = "model",
            ["created"] = 1_700_000_000,
            ["owned_by"] = "wire-server",
        })]),
    };

    public override Task WriteStreamErrorAsync(WireStream stream, string message, int? statusCode, CancellationToken cancellationToken) =>
        stream.WriteEventAsync(null, ErrorBody(statusCode ?? 500, message), cancellationToken);

    public override Task WriteMalformedStreamAsync(WireStream stream, CancellationToken cancellationToken) =>
        stream.WriteEventAsync(null, """{"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"delta":""", cancellationToken);

    private static JsonObject Envelope(string id, string kind, long created, string model) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = created,
        ["model"] = model,
        ["system_fingerprint"] = "fp_wire",
    };

    private static JsonObject ToolCall(ScriptedToolCall call, string id, int? index, string arguments)
    {
        var node = new JsonObject();
        if (index is { } i)
        {
            node["index"] = i;
        }

        node["id"] = id;
        node["type"] = "function";
        node["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments };
        return node;
    }

    private static JsonObject Usage(ScriptedReply reply) => new()
    {
        ["prompt_tokens"] = reply.ResolvedInputTokens,
        ["completion_tokens"] = reply.ResolvedOutputTokens,
        ["total_tokens"] = reply.ResolvedInputTokens + reply.ResolvedOutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = reply.CachedInputTokens, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = 0,
            ["audio_tokens"] = 0,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };
}
