using Microsoft.Extensions.AI;

namespace Orchestrator.Providers;

/// <summary>
/// A caller's own OpenAI chat request body, attached to <see cref="ChatOptions.AdditionalProperties"/> by the gateway so
/// that a provider speaking OpenAI's protocol forwards it as sent (with its own model id) instead of rebuilding it
/// through its SDK. Everything above the provider's client (router, privacy, budgets, metering, the log) still works on
/// the mapped messages and options, which the gateway builds from the same body; providers of other protocols ignore it.
/// A streamed call is forwarded too, with <c>stream_options.include_usage</c> set, and answers
/// <see cref="OpenAIPassThroughChunk"/> updates.
/// </summary>
internal sealed class OpenAIPassThroughRequest
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key.</summary>
    public const string Key = "orchestrator.openai_request_body";

    public OpenAIPassThroughRequest(ReadOnlyMemory<byte> body) => Body = body;

    /// <summary>Gets the JSON body as the caller sent it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the body attached to the options, if any.</summary>
    public static OpenAIPassThroughRequest? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as OpenAIPassThroughRequest : null;
}
