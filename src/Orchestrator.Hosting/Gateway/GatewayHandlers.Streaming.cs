using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Usage;

namespace Orchestrator.Hosting.Gateway;

/// <summary><c>POST /v1/chat/completions</c> with <c>"stream": true</c>.</summary>
internal sealed partial class GatewayHandlers
{
    /// <summary>
    /// Nothing is sent until the router yields its first update, so a refusal before any content (budget, rate limit,
    /// no provider) still gets its HTTP status; from then on every update is forwarded the moment it arrives.
    /// </summary>
    /// <remarks>
    /// An OpenAI-protocol provider gets the client's own body (<see cref="OpenAIPassThroughRequest"/>) and its events come
    /// back as <see cref="OpenAIPassThroughChunk"/> updates, written as they came with only <c>model</c> replaced; the
    /// usage chunk the forwarder always asks for is held to the end and sent, with the metered usage, only when the
    /// client asked for it. Other providers' updates are rebuilt into chunks here.
    /// </remarks>
    private async Task StreamAsync(HttpContext context, List<ChatMessage> messages, ChatOptions options, bool includeUsage)
    {
        var ct = context.RequestAborted;
        var enumerator = _router.GetStreamingResponseAsync(messages, options, ct).GetAsyncEnumerator(ct);
        await using var disposeEnumerator = enumerator.ConfigureAwait(false);
        SseChunkWriter? writer = null;
        try
        {
            var toolIndex = 0;
            ChatFinishReason? finish = null;
            InvocationUsage? usage = null;
            UsageDetails? reported = null;
            var forwarded = false;
            OpenAIPassThroughChunk? usageChunk = null;
            while (true)
            {
                try
                {
                    if (!await NextAsync(enumerator, writer, ct).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (GatewayError.FromException(ex) is { } mapped)
                {
                    LogRefused(_logger, mapped.Status, mapped.Code, mapped.Message);
                    if (writer is null)
                    {
                        await mapped.WriteAsync(context.Response, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        LogStreamFailed(_logger, mapped.Message);
                        await writer.WriteErrorAsync(mapped, ct).ConfigureAwait(false);
                    }

                    return;
                }

                var update = enumerator.Current;
                var role = writer is null ? "assistant" : null;
                writer ??= Start(context, update);
                usage = update.GetInvocationUsage() ?? usage;
                if (update.RawRepresentation is OpenAIPassThroughChunk chunk)
                {
                    forwarded = true;
                    if (chunk.IsUsageOnly)
                    {
                        usageChunk = chunk;
                    }
                    else
                    {
                        writer.WriteForwarded(chunk.Data, null);
                    }

                    continue;
                }

                finish = update.FinishReason ?? finish;
                var text = Text(update);
                var calls = ToolCalls(update, ref toolIndex);
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        reported = u.Details;
                    }
                }

                if (text is not null || calls is not null || role is not null)
                {
                    writer.WriteDelta(role, text ?? (calls is null ? string.Empty : null), calls, null);
                }
            }

            writer ??= Start(context, null);
            if (!forwarded)
            {
                // A forwarded stream has already sent the provider's own finish chunk.
                writer.WriteDelta(null, null, null, FinishReason(finish ?? (toolIndex > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop)));
            }

            if (includeUsage)
            {
                var wire = usage is not null
                    ? new WireUsage { PromptTokens = usage.InputTokens, CompletionTokens = usage.OutputTokens, TotalTokens = usage.TotalTokens }
                    : new WireUsage { PromptTokens = reported?.InputTokenCount ?? 0, CompletionTokens = reported?.OutputTokenCount ?? 0, TotalTokens = (reported?.InputTokenCount ?? 0) + (reported?.OutputTokenCount ?? 0) };
                if (usageChunk is null)
                {
                    writer.WriteUsage(wire);
                }
                else
                {
                    writer.WriteForwarded(usageChunk.Data, wire);
                }
            }

            await writer.WriteDoneAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; the budget gate charged what streamed and the invocation is logged as cancelled.
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>
    /// Moves to the next update, first sending what has been written when that update is not already at hand: events
    /// that arrived from the provider together leave in one write, and nothing written waits for the provider.
    /// </summary>
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> enumerator, SseChunkWriter? writer, CancellationToken cancellationToken)
    {
        var next = enumerator.MoveNextAsync();
        if (writer is not null && !next.IsCompleted)
        {
            try
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The enumerator cannot be disposed while a move is running; the client is gone, so the move ends soon.
                await ((Task)next.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }

        return await next.ConfigureAwait(false);
    }

    private SseChunkWriter Start(HttpContext context, ChatResponseUpdate? first)
    {
        var served = first?.GetRoutingDecision()?.ServedBy;
        if (served is not null)
        {
            context.Response.Headers["X-Orchestrator-Provider"] = served.Provider;
        }

        var model = served is null ? "auto" : string.Concat(served.Provider, "/", served.Model);
        return new SseChunkWriter(context.Response, "chatcmpl-" + Guid.NewGuid().ToString("N"), _time.GetUtcNow().ToUnixTimeSeconds(), model);
    }

    private static string? Text(ChatResponseUpdate update)
    {
        string? text = null;
        foreach (var content in update.Contents)
        {
            if (content is TextContent { Text.Length: > 0 } t)
            {
                text = text is null ? t.Text : string.Concat(text, t.Text);
            }
        }

        return text;
    }

    private static List<WireToolCall>? ToolCalls(ChatResponseUpdate update, ref int index)
    {
        List<WireToolCall>? calls = null;
        foreach (var content in update.Contents)
        {
            if (content is FunctionCallContent call)
            {
                calls ??= [];
                calls.Add(new WireToolCall
                {
                    Index = index++,
                    Id = call.CallId,
                    Type = "function",
                    Function = new WireFunctionCall { Name = call.Name, Arguments = ArgumentsJson(call.Arguments) },
                });
            }
        }

        return calls;
    }
}
