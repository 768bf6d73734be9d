using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Providers;
using Orchestrator.Routing;

namespace Orchestrator.Hosting.Gateway;

/// <summary><c>POST /v1/chat/completions</c>, not streamed.</summary>
internal sealed partial class GatewayHandlers
{
    public async Task ChatCompletionsAsync(HttpContext context)
    {
        var key = await AuthenticateAsync(context).ConfigureAwait(false);
        if (key is null)
        {
            return;
        }

        List<ChatMessage> messages = [];
        ChatOptions options = new();
        var (request, bytes) = await ReadBodyWithBytesAsync(context, GatewayJsonContext.Default.ChatCompletionRequest).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        var error = TryRoute(key, request.Model, IsPrivateHeader(context), out var routing)
            ?? ChatRequestMapper.TryMap(request, out messages, out options);
        if (error is not null)
        {
            await error.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        options.WithRouting(routing).WithUserId(key.UserId);
        if (key.TeamId is not null)
        {
            options.WithTeamId(key.TeamId);
        }

        // An OpenAI-protocol provider forwards the body as the client sent it rather than rebuilding it from the mapped
        // options (the router, privacy, budgets and the log still work on the mapped request), streamed or not.
        (options.AdditionalProperties ??= [])[OpenAIPassThroughRequest.Key] = new OpenAIPassThroughRequest(bytes);
        if (request.Stream)
        {
            await StreamAsync(context, messages, options, request.StreamOptions?.IncludeUsage == true).ConfigureAwait(false);
            return;
        }

        ChatResponse response;
        try
        {
            response = await _router.GetResponseAsync(messages, options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (GatewayError.FromException(ex) is { } mapped)
        {
            LogRefused(_logger, mapped.Status, mapped.Code, mapped.Message);
            await mapped.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var served = response.GetRoutingDecision()?.ServedBy;
        if (served is not null)
        {
            context.Response.Headers["X-Orchestrator-Provider"] = served.Provider;
        }

        if (response.RawRepresentation is OpenAIPassThroughResponse raw)
        {
            await WritePassThroughAsync(context, raw, served is null ? request.Model! : string.Concat(served.Provider, "/", served.Model), UsageOf(response)).ConfigureAwait(false);
            return;
        }

        var body = new ChatCompletionResponse
        {
            Id = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            Created = _time.GetUtcNow().ToUnixTimeSeconds(),
            Model = served is null ? request.Model! : string.Concat(served.Provider, "/", served.Model),
            Choices =
            [
                new WireChoice
                {
                    Message = new WireResponseMessage { Role = "assistant", Content = TextOf(response.Messages), ToolCalls = ToolCallsOf(response.Messages.SelectMany(m => m.Contents), indexed: false) },
                    FinishReason = FinishReason(response.FinishReason),
                },
            ],
            Usage = UsageOf(response),
        };
        await WriteJsonAsync(context, body, GatewayJsonContext.Default.ChatCompletionResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the provider's own body with two fields replaced: <c>model</c> (the <c>provider/model</c> that served, as on
    /// every gateway answer) and <c>usage</c> (the metered usage, estimated when the provider reported none).
    /// </summary>
    private static async Task WritePassThroughAsync(HttpContext context, OpenAIPassThroughResponse raw, string model, WireUsage? usage)
    {
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            PassThroughRewrite.Write(raw.Body, writer, model, replaceUsage: true, usage);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static string? TextOf(IList<ChatMessage> messages)
    {
        var text = string.Concat(messages.SelectMany(m => m.Contents).OfType<TextContent>().Select(t => t.Text));
        return text.Length == 0 && messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any() ? null : text;
    }

    private static List<WireToolCall>? ToolCallsOf(IEnumerable<AIContent> contents, bool indexed)
    {
        List<WireToolCall>? calls = null;
        foreach (var call in contents.OfType<FunctionCallContent>())
        {
            calls ??= [];
            calls.Add(new WireToolCall
            {
                Index = indexed ? calls.Count : null,
                Id = call.CallId,
                Type = "function",
                Function = new WireFunctionCall { Name = call.Name, Arguments = ArgumentsJson(call.Arguments) },
            });
        }

        return calls;
    }

    private static string ArgumentsJson(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static string? FinishReason(ChatFinishReason? reason) =>
        reason is null ? null
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private static WireUsage? UsageOf(ChatResponse response)
    {
        var usage = response.GetInvocationUsage();
        if (usage is not null)
        {
            return new WireUsage { PromptTokens = usage.InputTokens, CompletionTokens = usage.OutputTokens, TotalTokens = usage.TotalTokens };
        }

        return response.Usage is { } u
            ? new WireUsage { PromptTokens = u.InputTokenCount ?? 0, CompletionTokens = u.OutputTokenCount ?? 0, TotalTokens = u.TotalTokenCount ?? ((u.InputTokenCount ?? 0) + (u.OutputTokenCount ?? 0)) }
            : null;
    }
}
