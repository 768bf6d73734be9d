using System.Text.Json;

namespace Orchestrator.Testing.Wire;

/// <summary>
/// One reply the <see cref="WireServer"/> gives to one chat request, in whichever protocol the
/// request arrived: text, tool calls, usage, pacing, or an injected <see cref="WireFault"/>.
/// Build one with the static factories and adjust it with the <c>With…</c> methods (or a <c>with</c> expression).
/// </summary>
public sealed record ScriptedReply
{
    /// <summary>The prompt size reported when <see cref="InputTokens"/> is not set.</summary>
    public const int DefaultInputTokens = 10;

    /// <summary>Gets the assistant text. Streamed replies send it in word-sized chunks whose concatenation is exactly this.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>Gets the function calls the model makes (after the text, if any).</summary>
    public IReadOnlyList<ScriptedToolCall> Calls { get; init; } = [];

    /// <summary>
    /// Gets the total prompt tokens, cached ones included (OpenAI's <c>prompt_tokens</c>, Ollama's <c>prompt_eval_count</c>;
    /// Anthropic gets <c>input_tokens</c> = this minus <see cref="CachedInputTokens"/>, as its API counts them apart).
    /// <see langword="null"/> reports <see cref="DefaultInputTokens"/>.
    /// </summary>
    public int? InputTokens { get; init; }

    /// <summary>Gets the completion tokens. <see langword="null"/> reports the number of streamed chunks (words and tool calls, at least 1).</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Gets the prompt tokens served from the provider's cache (<c>cached_tokens</c>, <c>cache_read_input_tokens</c>; Ollama has none).</summary>
    public int CachedInputTokens { get; init; }

    /// <summary>
    /// Gets a value indicating whether usage is reported. When <see langword="false"/>, OpenAI replies carry no <c>usage</c>
    /// (and no usage chunk), Ollama's final line has no counts, and Anthropic (whose SDK requires the field) reports zeros.
    /// </summary>
    public bool ReportsUsage { get; init; } = true;

    /// <summary>Gets the pause before each streamed chunk after the first.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Gets the pause before the response headers are sent (a slow first byte). Applies to faults too.</summary>
    public TimeSpan FirstByteDelay { get; init; }

    /// <summary>Gets a value indicating whether the reply stops for length (<c>length</c>, <c>max_tokens</c>) instead of naturally.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>
    /// Gets the number of streamed chunks after which this reply's connection is dropped (<see cref="DroppedAfter"/>),
    /// or <see langword="null"/> to send it whole. Unlike <see cref="WireFault.DropConnection"/>, which cuts a filler
    /// text, this cuts the scripted reply itself, e.g. a tool call after its first delta.
    /// </summary>
    public int? DropAfterChunks { get; init; }

    /// <summary>Gets the fault injected instead of a reply, if any.</summary>
    public WireFault? InjectedFault { get; init; }

    internal Func<RecordedRequest, ScriptedReply>? Factory { get; init; }

    /// <summary>A text reply.</summary>
    /// <param name="text">The assistant text.</param>
    /// <param name="inputTokens">Total prompt tokens to report, cached ones included; <see langword="null"/> for <see cref="DefaultInputTokens"/>.</param>
    /// <param name="outputTokens">Completion tokens to report; <see langword="null"/> for the chunk count.</param>
    /// <param name="cachedInputTokens">Prompt tokens to report as read from the cache.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Text(string text, int? inputTokens = null, int? outputTokens = null, int cachedInputTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new() { Content = text, InputTokens = inputTokens, OutputTokens = outputTokens, CachedInputTokens = cachedInputTokens };
    }

    /// <summary>A reply whose only content is one function call.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object.</param>
    /// <param name="id">The call id, or <see langword="null"/> for a generated one.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply ToolCall(string name, string argumentsJson, string? id = null) =>
        ToolCalls(new ScriptedToolCall(name, argumentsJson, id));

    /// <summary>A reply making several function calls at once (parallel tool calls).</summary>
    /// <param name="calls">The calls, in order.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply ToolCalls(params ScriptedToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        Validate(calls);
        return new() { Calls = [.. calls] };
    }

    /// <summary>A fault instead of a reply.</summary>
    /// <param name="fault">What goes wrong.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Fault(WireFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new() { InjectedFault = fault };
    }

    /// <summary>A reply computed from the request when it arrives, e.g. to answer according to the prompt.</summary>
    /// <param name="compute">Called once per request with what was received; returns the reply to send.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply From(Func<RecordedRequest, ScriptedReply> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return new() { Factory = compute };
    }

    /// <summary>A reply that repeats the text of the last user message, after <paramref name="prefix"/>.</summary>
    /// <param name="prefix">Text put before the echoed message.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Echo(string prefix = "") =>
        From(request => Text(prefix + (request.LastUserText ?? string.Empty)));

    /// <summary>Returns a copy reporting these token counts.</summary>
    /// <param name="inputTokens">Total prompt tokens, cached ones included.</param>
    /// <param name="outputTokens">Completion tokens.</param>
    /// <param name="cachedInputTokens">Prompt tokens read from the cache.</param>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply WithUsage(int inputTokens, int outputTokens, int cachedInputTokens = 0) =>
        this with { InputTokens = inputTokens, OutputTokens = outputTokens, CachedInputTokens = cachedInputTokens, ReportsUsage = true };

    /// <summary>Returns a copy that reports no usage, so a client has to estimate it.</summary>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply WithoutUsage() => this with { ReportsUsage = false };

    /// <summary>Returns a copy that pauses before each streamed chunk after the first.</summary>
    /// <param name="delay">The pause.</param>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply WithChunkDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    /// <summary>Returns a copy that waits before sending the response headers.</summary>
    /// <param name="delay">The pause.</param>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply WithFirstByteDelay(TimeSpan delay) => this with { FirstByteDelay = delay };

    /// <summary>Returns a copy that also makes these function calls after its text.</summary>
    /// <param name="calls">The calls.</param>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply WithToolCalls(params ScriptedToolCall[] calls)
    {
        Validate(calls);
        return this with { Calls = [.. Calls, .. calls] };
    }

    /// <summary>Returns a copy whose stream sends <paramref name="chunks"/> chunks (SSE events or NDJSON lines, the role chunk included) and then aborts the connection.</summary>
    /// <param name="chunks">Chunks sent before the abort.</param>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply DroppedAfter(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        return this with { DropAfterChunks = chunks };
    }

    /// <summary>Returns a copy that stops for length (<c>finish_reason: length</c>, <c>stop_reason: max_tokens</c>, <c>done_reason: length</c>).</summary>
    /// <returns>The adjusted reply.</returns>
    public ScriptedReply AsTruncated() => this with { IsTruncated = true };

    /// <summary>Rejects a call the server could not send, when the test scripts it rather than when a request plays it.</summary>
    private static void Validate(ScriptedToolCall[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        foreach (var call in calls)
        {
            ArgumentNullException.ThrowIfNull(call, nameof(calls));
            ArgumentException.ThrowIfNullOrEmpty(call.Name, nameof(calls));
            ArgumentNullException.ThrowIfNull(call.ArgumentsJson, nameof(calls));
            try
            {
                using var document = JsonDocument.Parse(call.ArgumentsJson);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException($"The arguments of tool call '{call.Name}' must be a JSON object: {call.ArgumentsJson}", nameof(calls));
                }
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"The arguments of tool call '{call.Name}' are not valid JSON: {call.ArgumentsJson}", nameof(calls), ex);
            }
        }
    }

    internal int ResolvedInputTokens => InputTokens ?? DefaultInputTokens;

    internal int ResolvedOutputTokens => OutputTokens ?? Math.Max(1, TextChunker.Split(Content).Count + Calls.Count);
}
