using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Hosting.Gateway.Wire;

namespace Orchestrator.Hosting.Gateway;

/// <summary>Turns an OpenAI chat request into M.E.AI messages and options, refusing what it cannot carry with a 400 naming the field.</summary>
internal static class ChatRequestMapper
{
    public static GatewayError? TryMap(ChatCompletionRequest request, out List<ChatMessage> messages, out ChatOptions options)
    {
        messages = [];
        options = new ChatOptions();
        if (request.Messages is not { Count: > 0 })
        {
            return GatewayError.BadRequest("'messages' must be a non-empty array.", "messages", "missing_required_parameter");
        }

        if (request.N is > 1)
        {
            return GatewayError.BadRequest("Only n=1 is supported: the gateway routes each request to one model.", "n");
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var error = TryMapMessage(request.Messages[i], i, out var message);
            if (error is not null)
            {
                return error;
            }

            messages.Add(message!);
        }

        options.Temperature = request.Temperature;
        options.TopP = request.TopP;
        options.MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        options.Seed = request.Seed;
        options.PresencePenalty = request.PresencePenalty;
        options.FrequencyPenalty = request.FrequencyPenalty;
        options.AllowMultipleToolCalls = request.ParallelToolCalls;
        return MapStop(request.Stop, options) ?? MapTools(request, options) ?? MapResponseFormat(request.ResponseFormat, options);
    }

    private static GatewayError? TryMapMessage(WireMessage wire, int index, out ChatMessage? message)
    {
        message = null;
        var param = string.Create(CultureInfo.InvariantCulture, $"messages[{index}]");
        var error = TryReadContent(wire.Content, param, out var contents);
        if (error is not null)
        {
            return error;
        }

        switch (wire.Role)
        {
            case "system" or "developer":
                message = new ChatMessage(ChatRole.System, contents);
                break;
            case "user":
                message = new ChatMessage(ChatRole.User, contents) { AuthorName = wire.Name };
                break;
            case "assistant":
                foreach (var call in wire.ToolCalls ?? [])
                {
                    if (call.Id is null || call.Function?.Name is null)
                    {
                        return GatewayError.BadRequest($"{param}.tool_calls entries need an 'id' and a 'function.name'.", param + ".tool_calls");
                    }

                    contents.Add(new FunctionCallContent(call.Id, call.Function.Name, ParseArguments(call.Function.Arguments)));
                }

                message = new ChatMessage(ChatRole.Assistant, contents) { AuthorName = wire.Name };
                break;
            case "tool":
                if (string.IsNullOrEmpty(wire.ToolCallId))
                {
                    return GatewayError.BadRequest($"{param} has role 'tool' but no 'tool_call_id'.", param + ".tool_call_id", "missing_required_parameter");
                }

                var text = string.Concat(contents.OfType<TextContent>().Select(t => t.Text));
                message = new ChatMessage(ChatRole.Tool, [new FunctionResultContent(wire.ToolCallId, text)]);
                break;
            default:
                return GatewayError.BadRequest($"{param}.role is '{wire.Role}'; use system, developer, user, assistant or tool.", param + ".role");
        }

        return null;
    }

    private static GatewayError? TryReadContent(JsonElement content, string param, out List<AIContent> contents)
    {
        contents = [];
        switch (content.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                contents.Add(new TextContent(content.GetString()));
                return null;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type == "text" && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        contents.Add(new TextContent(text.GetString()));
                    }
                    else if (type == "image_url" && part.TryGetProperty("image_url", out var image) && image.TryGetProperty("url", out var url) && url.GetString() is { } address)
                    {
                        if (address.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && TryDataContent(address) is { } data)
                        {
                            contents.Add(data);
                        }
                        else if (!address.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
                        {
                            contents.Add(new UriContent(uri, "image/*"));
                        }
                        else
                        {
                            return GatewayError.BadRequest($"{param}.content has an image_url that is neither an absolute URL nor a data: URI.", param + ".content");
                        }
                    }
                    else
                    {
                        return GatewayError.BadRequest($"{param}.content has a part of type '{type}'; the gateway accepts 'text' and 'image_url' parts.", param + ".content");
                    }
                }

                return null;
            default:
                return GatewayError.BadRequest($"{param}.content must be a string, an array of content parts or null.", param + ".content");
        }
    }

    private static DataContent? TryDataContent(string dataUri)
    {
        try
        {
            return new DataContent(dataUri);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static Dictionary<string, object?>? ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                : null;
        }
        catch (JsonException)
        {
            // The model produced arguments that are not JSON; pass nothing rather than refuse the whole conversation.
            return null;
        }
    }

    private static GatewayError? MapStop(JsonElement stop, ChatOptions options)
    {
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                options.StopSequences = [stop.GetString()!];
                return null;
            case JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                options.StopSequences = [.. stop.EnumerateArray().Select(s => s.GetString()!)];
                return null;
            default:
                return GatewayError.BadRequest("'stop' must be a string or an array of strings.", "stop");
        }
    }

    private static GatewayError? MapTools(ChatCompletionRequest request, ChatOptions options)
    {
        if (request.Tools is { Count: > 0 } tools)
        {
            options.Tools = [];
            for (var i = 0; i < tools.Count; i++)
            {
                var function = tools[i].Function;
                if (tools[i].Type is not (null or "function") || string.IsNullOrWhiteSpace(function?.Name))
                {
                    return GatewayError.BadRequest(string.Create(CultureInfo.InvariantCulture, $"tools[{i}] must be {{\"type\":\"function\",\"function\":{{\"name\":...}}}}."), string.Create(CultureInfo.InvariantCulture, $"tools[{i}]"));
                }

                var schema = function.Parameters.ValueKind == JsonValueKind.Object ? function.Parameters : EmptySchema;
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(function.Name, function.Description, schema));
            }
        }

        var choice = request.ToolChoice;
        switch (choice.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                options.ToolMode = choice.GetString() switch
                {
                    "auto" => ChatToolMode.Auto,
                    "none" => ChatToolMode.None,
                    "required" => ChatToolMode.RequireAny,
                    _ => null,
                };
                return options.ToolMode is null ? GatewayError.BadRequest("'tool_choice' must be auto, none, required or a function.", "tool_choice") : null;
            case JsonValueKind.Object when choice.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } n:
                options.ToolMode = ChatToolMode.RequireSpecific(n);
                return null;
            default:
                return GatewayError.BadRequest("'tool_choice' must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
        }
    }

    private static GatewayError? MapResponseFormat(WireResponseFormat? format, ChatOptions options)
    {
        switch (format?.Type)
        {
            case null or "text":
                return null;
            case "json_object":
                options.ResponseFormat = ChatResponseFormat.Json;
                return null;
            case "json_schema" when format.JsonSchema is { Schema.ValueKind: JsonValueKind.Object } schema:
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.Schema, schema.Name, schema.Description);
                return null;
            default:
                return GatewayError.BadRequest("'response_format.type' must be text, json_object or json_schema (with json_schema.schema).", "response_format");
        }
    }

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
}
