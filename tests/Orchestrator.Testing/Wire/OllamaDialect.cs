using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>Ollama's native chat: NDJSON lines ending in one with <c>done: true</c> and the counts, or that last line alone when not streaming.</summary>
internal sealed class OllamaDialect : WireDialect
{
    /// <summary>The version <c>/api/version</c> reports.</summary>
    public const string Version = "0.12.6";

    public override WireProtocol Protocol => WireProtocol.Ollama;

    public override string StreamContentType => "application/x-ndjson";

    public override async Task WriteReplyAsync(
        HttpContext context, RecordedRequest request, ScriptedReply reply, StreamCut? cut, CancellationToken cancellationToken)
    {
        var stream = new WireStream(context, reply.ChunkDelay, cut, this);
        var model = request.Model ?? "llama3.2";
        var doneReason = reply.IsTruncated ? "length" : "stop";

        if (!request.IsStreaming)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
            AddToolCalls(message, reply);
            await stream.WriteJsonAsync(StatusCodes.Status200OK, Final(model, message, doneReason, reply), cancellationToken).ConfigureAwait(false);
            return;
        }

        await stream.StartAsync(StreamContentType, cancellationToken).ConfigureAwait(false);
        foreach (var piece in TextChunker.Split(reply.Content))
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = piece };
            await stream.WriteLineAsync(Line(model, message, done: false), cancellationToken).ConfigureAwait(false);
        }

        if (reply.Calls.Count > 0)
        {
            // Ollama does not split tool calls: they arrive whole, in one line before the final one.
            var message = new JsonObject { ["role"] = "assistant", ["content"] = string.Empty };
            AddToolCalls(message, reply);
            await stream.WriteLineAsync(Line(model, message, done: false), cancellationToken).ConfigureAwait(false);
        }

        var last = new JsonObject { ["role"] = "assistant", ["content"] = string.Empty };
        await stream.WriteLineAsync(Final(model, last, doneReason, reply), cancellationToken).ConfigureAwait(false);
    }

    public override JsonNode ErrorBody(int statusCode, string message) => new JsonObject { ["error"] = message };

    public override JsonNode ModelList(IReadOnlyList<string> models) => new JsonObject
    {
        ["models"] = new JsonArray([.. models.Select(model => new JsonObject
        {
            ["name"] = model,
            ["model"] = model,
            ["modified_at"] = "2025-01-01T00:00:00Z",
            ["size"] = 2_019_393_189,
            ["digest"] = "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            ["details"] = new JsonObject
            {
                ["parent_model"] = string.Empty,
                ["format"] = "gguf",
                ["family"] = "llama",
                ["families"] = new JsonArray("llama"),
                ["parameter_size"] = "3.2B",
                ["quantization_level"] = "Q4_K_M",
            },
        })]),
    };

    public override Task WriteStreamErrorAsync(WireStream stream, string message, int? statusCode, CancellationToken cancellationToken) =>
        stream.WriteLineAsync(ErrorBody(statusCode ?? 500, message), cancellationToken);

    public override Task WriteMalformedStreamAsync(WireStream stream, CancellationToken cancellationToken) =>
        stream.WriteLineAsync("""{"model":"broken","message":{""", cancellationToken);

    private static void AddToolCalls(JsonObject message, ScriptedReply reply)
    {
        if (reply.Calls.Count == 0)
        {
            return;
        }

        message["tool_calls"] = new JsonArray([.. reply.Calls.Select((call, index) =>
        {
            var function = new JsonObject { ["index"] = index, ["name"] = call.Name, ["arguments"] = ParseArguments(call) };
            var node = new JsonObject { ["function"] = function };
            if (call.Id is not null)
            {
                node["id"] = call.Id;
            }

            return node;
        })]);
    }

    private static JsonObject Line(string model, JsonObject message, bool done) => new()
    {
        ["model"] = model,
        ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["message"] = message,
        ["done"] = done,
    };

    private static JsonObject Final(string model, JsonObject message, string doneReason, ScriptedReply reply)
    {
        var line = Line(model, message, done: true);
        line["done_reason"] = doneReason;
        line["total_duration"] = 1_500_000_000L;
        line["load_duration"] = 50_000_000L;
        if (reply.ReportsUsage)
        {
            line["prompt_eval_count"] = reply.ResolvedInputTokens;
            line["prompt_eval_duration"] = 200_000_000L;
            line["eval_count"] = reply.ResolvedOutputTokens;
            line["eval_duration"] = 1_200_000_000L;
        }

        return line;
    }
}
