using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model loaded in-process by LLamaSharp. It streams one update per decoded
/// token and reports exact usage: input tokens are the formatted prompt's length in the model's own tokenizer, output
/// tokens are the tokens generated (the end-of-generation token excluded). No tool calling.
/// </summary>
internal sealed class LlamaSharpChatClient : IChatClient
{
    private readonly LlamaModelHost _host;
    private readonly string _provider;
    private readonly string _modelId;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;

    public LlamaSharpChatClient(LlamaModelHost host, string provider, string modelId, ILogger logger, TimeProvider time)
    {
        _host = host;
        _provider = provider;
        _modelId = modelId;
        _logger = logger;
        _time = time;
        _metadata = new ChatClientMetadata("llamasharp", new Uri(host.Settings.ModelPath), modelId);
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (LlamaSampling.Validate(options) is { } problem)
        {
            throw Reject(problem);
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            LlamaSharpLog.ToolsIgnored(_logger, _modelId, tools.Count);
        }

        var started = _time.GetTimestamp();
        var weights = await _host.GetWeightsAsync(cancellationToken).ConfigureAwait(false);
        var prompt = LlamaPrompt.Create(weights, messages, out var fallbackReason);
        if (fallbackReason is not null)
        {
            LlamaSharpLog.FallbackTemplate(_logger, _modelId, fallbackReason);
        }

        var tokens = weights.Tokenize(prompt.Text, weights.Vocab.ShouldAddBOS, prompt.UsesModelTemplate, Encoding.UTF8);
        var contextSize = _host.Settings.ContextSize;
        if (tokens.Length >= contextSize)
        {
            throw Reject($"The prompt is {tokens.Length} tokens but the context holds {contextSize}; shorten the conversation or raise Settings:ContextSize.");
        }

        using var turn = await _host.EnterGenerationAsync(weights, cancellationToken).ConfigureAwait(false);
        var context = turn.Context;
        using var sampler = LlamaSampling.Create(options);
        var batch = new LLamaBatch();
        var (result, _, past) = await context.DecodeAsync([.. tokens], LLamaSeqId.Zero, batch, 0, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(result);

        var responseId = Guid.CreateVersion7().ToString("N");
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        var stops = new StopSequenceMatcher(prompt.ImplicitStopSequences.Concat(options?.StopSequences ?? []));
        var maxTokens = options?.MaxOutputTokens ?? int.MaxValue;
        var generated = 0;
        var atStart = true;
        ChatFinishReason finish;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(weights.Vocab))
            {
                finish = ChatFinishReason.Stop;
                break;
            }

            generated++;
            decoder.Add(token);
            var text = stops.Add(decoder.Read());
            if (atStart)
            {
                // The prompt ends at the assistant's turn; the model's first token usually starts with a space or newline.
                text = text.TrimStart();
                atStart = text.Length == 0;
            }

            if (text.Length > 0)
            {
                yield return Update(responseId, new TextContent(text));
            }

            if (stops.Stopped)
            {
                finish = ChatFinishReason.Stop;
                break;
            }

            if (generated >= maxTokens || past >= contextSize)
            {
                finish = ChatFinishReason.Length;
                break;
            }

            batch.Clear();
            batch.Add(token, past++, LLamaSeqId.Zero, true);
            ThrowIfFailed(await context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false));
        }

        var rest = stops.Flush();
        if (atStart)
        {
            rest = rest.TrimStart();
        }

        if (rest.Length > 0)
        {
            yield return Update(responseId, new TextContent(rest));
        }

        var elapsed = _time.GetElapsedTime(started);
        LlamaSharpLog.Generated(_logger, _modelId, tokens.Length, generated, finish.Value, elapsed.TotalMilliseconds);
        var usage = new UsageDetails { InputTokenCount = tokens.Length, OutputTokenCount = generated, TotalTokenCount = tokens.Length + generated };
        var last = Update(responseId, new UsageContent(usage));
        last.FinishReason = finish;
        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The model belongs to the provider, which outlives its clients.
    }

    private ChatResponseUpdate Update(string responseId, AIContent content) => new(ChatRole.Assistant, [content])
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = _modelId,
        CreatedAt = _time.GetUtcNow(),
    };

    private static void ThrowIfFailed(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }
    }

    private ProviderRequestRejectedException Reject(string message) =>
        new(_provider, _modelId, ProviderFailureKind.BadRequest, $"Provider '{_provider}' (model '{_modelId}') cannot take this request: {message}");
}
