using System.Text.Json;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.TestHost;

/// <summary>
/// The standalone wire server's reply for scripted end-to-end runs (scripts/n8n/run.sh): a model that calls one tool
/// when a request offers it and then answers with what the tool returned, and a request log an outside script can
/// check. Configured from the environment:
/// <list type="bullet">
/// <item><c>ORCH_WIRE_TOOL</c>: the tool to call when a request's <c>tools</c> offer it and no <c>role: tool</c>
/// message is present yet; the next request (carrying the result) is answered with the text followed by
/// <c>Tool result: </c> and the result's start, so a caller sees the round trip.</item>
/// <item><c>ORCH_WIRE_TOOL_ARGS</c>: the call's arguments as a JSON object (default <c>{}</c>).</item>
/// <item><c>ORCH_WIRE_LOG</c>: a file that gets one JSON line per chat request: path, model, stream, the offered
/// tool names, the tool results received, the first system message, the reply kind, and whether an
/// <c>Authorization</c> header came.</item>
/// </list>
/// </summary>
internal static class WireAgentScript
{
    private const int ResultPreviewChars = 400;
    private static readonly Lock LogGate = new();

    /// <summary>Builds the default reply: plain <paramref name="text"/> unless the environment scripts a tool or a log.</summary>
    /// <param name="text">The assistant text.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Build(string text)
    {
        var plain = ScriptedReply.Text(text, inputTokens: 12, outputTokens: 11);
        var tool = Environment.GetEnvironmentVariable("ORCH_WIRE_TOOL");
        var log = Environment.GetEnvironmentVariable("ORCH_WIRE_LOG");
        if (string.IsNullOrEmpty(tool) && string.IsNullOrEmpty(log))
        {
            return plain;
        }

        var arguments = Environment.GetEnvironmentVariable("ORCH_WIRE_TOOL_ARGS") is { Length: > 0 } a ? a : "{}";
        using (JsonDocument.Parse(arguments))
        {
            // Fails at start, not on the first request, when the arguments are not JSON.
        }

        return ScriptedReply.From(request =>
        {
            var offered = OfferedTools(request);
            var results = ToolResults(request);
            ScriptedReply reply;
            string kind;
            if (!string.IsNullOrEmpty(tool) && results.Count == 0 && offered.Contains(tool, StringComparer.Ordinal))
            {
                reply = ScriptedReply.ToolCall(tool, arguments).WithUsage(12, 5);
                kind = "tool_call:" + tool;
            }
            else if (results.Count > 0)
            {
                var preview = results[^1].Length > ResultPreviewChars ? results[^1][..ResultPreviewChars] : results[^1];
                reply = ScriptedReply.Text($"{text} Tool result: {preview}", inputTokens: 40, outputTokens: 20);
                kind = "text_after_tool";
            }
            else
            {
                reply = plain;
                kind = "text";
            }

            if (!string.IsNullOrEmpty(log))
            {
                Append(log, request, offered, results, kind);
            }

            return reply;
        });
    }

    private static List<string> OfferedTools(RecordedRequest request)
    {
        var names = new List<string>();
        if (request.Json is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in tools.EnumerateArray())
            {
                // OpenAI: {"type":"function","function":{"name":...}}; Anthropic: {"name":...}.
                var holder = entry.TryGetProperty("function", out var function) ? function : entry;
                if (holder.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    names.Add(name.GetString()!);
                }
            }
        }

        return names;
    }

    private static List<string> ToolResults(RecordedRequest request)
    {
        var results = new List<string>();
        if (request.Json is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.TryGetProperty("role", out var role) && role.ValueEquals("tool") && message.TryGetProperty("content", out var content))
                {
                    results.Add(content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText());
                }
            }
        }

        return results;
    }

    private static string? SystemText(RecordedRequest request)
    {
        if (request.Json is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.TryGetProperty("role", out var role) && (role.ValueEquals("system") || role.ValueEquals("developer"))
                    && message.TryGetProperty("content", out var content))
                {
                    return content.ValueKind == JsonValueKind.String ? content.GetString() : content.GetRawText();
                }
            }
        }

        return null;
    }

    private static void Append(string path, RecordedRequest request, List<string> offered, List<string> results, string kind)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["path"] = request.Path,
            ["model"] = request.Model,
            ["stream"] = request.IsStreaming,
            ["tools"] = offered,
            ["tool_results"] = results,
            ["system"] = SystemText(request),
            ["reply"] = kind,
            ["authorization"] = request.Headers.ContainsKey("Authorization"),
        });
        lock (LogGate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
