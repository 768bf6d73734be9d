using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Catalog;
using Orchestrator.Http;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Providers;

/// <summary>
/// Wraps a provider SDK's chat client so every call, streamed or not, gets a per-attempt time limit, typed errors,
/// normalized usage with cost (estimated and flagged when the provider reports none), and an invocation record.
/// </summary>
internal sealed class ProviderChatClient : DelegatingChatClient
{
    private readonly ProviderDescriptor _provider;
    private readonly ModelDescriptor _model;
    private readonly InvocationRecorder _recorder;
    private readonly ITokenEstimator _estimator;
    private readonly TimeProvider _time;
    private readonly bool _hostPrivacyMode;

    public ProviderChatClient(IChatClient inner, ProviderDescriptor provider, ModelDescriptor model, InvocationRecorder recorder, ITokenEstimator estimator, TimeProvider time, bool hostPrivacyMode = false)
        : base(inner)
    {
        _hostPrivacyMode = hostPrivacyMode;
        _provider = provider;
        _model = model;
        _recorder = recorder;
        _estimator = estimator;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow();
        using var timeout = new CallTimeout(_provider.Timeout, _time, cancellationToken);
        var exchange = HttpExchange.Begin();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messageList, WithModel(options), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(startedAt, started, null, false, EstimateUsage(messageList, string.Empty), InvocationStatus.Cancelled, null, options).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is not ProviderException)
        {
            var error = ProviderErrorClassifier.Classify(ex, exchange, timeout.TimedOut(cancellationToken), _provider, _model.Id);
            await RecordAsync(startedAt, started, null, false, InvocationUsage.None, InvocationStatus.Failed, error, options).ConfigureAwait(false);
            throw error;
        }
        finally
        {
            HttpExchange.End();
        }

        if (IsEmpty(response))
        {
            var error = new ProviderUnavailableException(_provider.Name, _model.Id, ProviderFailureKind.MalformedResponse,
                $"Provider '{_provider.Name}' (model '{_model.Id}') returned an empty response (no message, no finish reason).", 200);
            await RecordAsync(startedAt, started, null, false, InvocationUsage.None, InvocationStatus.Failed, error, options).ConfigureAwait(false);
            throw error;
        }

        var usage = Normalize(response.Usage, response.Text) ?? EstimateUsage(messageList, response.Text);
        response.ModelId ??= _model.Id;
        (response.AdditionalProperties ??= [])[OrchestratorChatProperties.Usage] = usage;
        response.AdditionalProperties[OrchestratorChatProperties.Provider] = _provider.Name;
        await RecordAsync(startedAt, started, null, false, usage, InvocationStatus.Succeeded, null, options).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow();
        using var timeout = new CallTimeout(_provider.Timeout, _time, cancellationToken);
        var text = new StringBuilder();
        UsageDetails? reported = null;
        TimeSpan? firstToken = null;
        var finished = false;
        var suspended = false;
        var exchange = HttpExchange.Begin();
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = base.GetStreamingResponseAsync(messageList, WithModel(options), timeout.Token).GetAsyncEnumerator(timeout.Token);
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await RecordAsync(startedAt, started, firstToken, true, PartialUsage(reported, messageList, text.ToString()), InvocationStatus.Cancelled, null, options).ConfigureAwait(false);
                    throw;
                }
                catch (Exception ex) when (ex is not ProviderException)
                {
                    throw await FailStreamAsync(ex, exchange, timeout.TimedOut(cancellationToken), text, reported, messageList, startedAt, started, firstToken, options).ConfigureAwait(false);
                }

                finished |= update.FinishReason is not null;
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent usageContent)
                    {
                        reported = Merge(reported, usageContent.Details);
                    }
                }

                var chunk = update.Text;
                if (!string.IsNullOrEmpty(chunk) || update.Contents.Any(c => c is FunctionCallContent))
                {
                    firstToken ??= _time.GetElapsedTime(started);
                    text.Append(chunk);
                }

                update.ModelId ??= _model.Id;
                suspended = true;
                yield return update;
                suspended = false;
            }
        }
        finally
        {
            HttpExchange.End();
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            if (suspended)
            {
                // The caller stopped reading (break, or disposed the enumerator) without cancelling: the call still
                // happened and streamed what it streamed, so it is recorded and charged like a cancelled one.
                await RecordAsync(startedAt, started, firstToken, true, PartialUsage(reported, messageList, text.ToString()), InvocationStatus.Cancelled, null, options).ConfigureAwait(false);
            }
        }

        if (firstToken is null && reported is null)
        {
            var error = new ProviderUnavailableException(_provider.Name, _model.Id, ProviderFailureKind.MalformedResponse,
                $"Provider '{_provider.Name}' (model '{_model.Id}') ended the stream without any content.", 200);
            await RecordAsync(startedAt, started, null, true, InvocationUsage.None, InvocationStatus.Failed, error, options).ConfigureAwait(false);
            throw error;
        }

        if (!finished && firstToken is not null)
        {
            // OpenAI and Ollama SDKs end a stream silently on an in-stream error event or a cut body: without a finish
            // reason the reply is incomplete, and the caller must not take it for a whole answer.
            throw await FailStreamAsync(new InvalidDataException("The stream ended without a finish reason."), exchange, false, text, reported, messageList, startedAt, started, firstToken, options).ConfigureAwait(false);
        }

        var usage = Normalize(reported, text.ToString()) ?? EstimateUsage(messageList, text.ToString());
        await RecordAsync(startedAt, started, firstToken, true, usage, InvocationStatus.Succeeded, null, options).ConfigureAwait(false);
        yield return new ChatResponseUpdate
        {
            ModelId = _model.Id,
            AdditionalProperties = new() { [OrchestratorChatProperties.Usage] = usage, [OrchestratorChatProperties.Provider] = _provider.Name },
        };
    }

    private async Task<ProviderException> FailStreamAsync(
        Exception ex, HttpExchange exchange, bool timedOut, StringBuilder text, UsageDetails? reported, IReadOnlyList<ChatMessage> messages,
        DateTimeOffset startedAt, long started, TimeSpan? firstToken, ChatOptions? options)
    {
        var classified = ProviderErrorClassifier.Classify(ex, exchange, timedOut, _provider, _model.Id);
        if (firstToken is null)
        {
            await RecordAsync(startedAt, started, null, true, Normalize(reported, text.ToString()) ?? InvocationUsage.None, InvocationStatus.Failed, classified, options).ConfigureAwait(false);
            return classified;
        }

        // Content reached the caller: the stream cannot be replayed elsewhere, and what streamed is billed.
        var usage = PartialUsage(reported, messages, text.ToString());
        var interrupted = new ProviderStreamInterruptedException(_provider.Name, _model.Id, text.ToString(), usage, ex);
        await RecordAsync(startedAt, started, firstToken, true, usage, InvocationStatus.Failed, interrupted, options).ConfigureAwait(false);
        return interrupted;
    }

    private ChatOptions WithModel(ChatOptions? options)
    {
        // The router hands each attempt its own copy with the model already set; copying it again would change nothing.
        if (options is not null && string.Equals(options.ModelId, _model.Id, StringComparison.Ordinal))
        {
            return options;
        }

        var result = options?.Clone() ?? new ChatOptions();
        result.ModelId = _model.Id;
        return result;
    }

    private InvocationUsage? Normalize(UsageDetails? details, string outputText)
    {
        if (details is null || (details.InputTokenCount is null && details.OutputTokenCount is null))
        {
            return null;
        }

        // A provider that reports zero tokens for a reply that has text reported nothing useful: estimate instead.
        if ((details.InputTokenCount ?? 0) == 0 && (details.OutputTokenCount ?? 0) == 0 && outputText.Length > 0)
        {
            return null;
        }

        var input = details.InputTokenCount ?? 0;
        var output = details.OutputTokenCount ?? 0;
        var cached = details.CachedInputTokenCount ?? 0;
        return new InvocationUsage(input, output, cached, false, CostCalculator.Compute(_model, input, output, cached));
    }

    /// <summary>
    /// Usage of a stream that did not finish: the provider's counts where it sent them (some send input tokens at the
    /// start), and at least the estimate of what was received for output, because final counts never arrived.
    /// </summary>
    private InvocationUsage PartialUsage(UsageDetails? reported, IReadOnlyList<ChatMessage> messages, string received)
    {
        var estimate = EstimateUsage(messages, received);
        var input = reported?.InputTokenCount is > 0 ? reported.InputTokenCount.Value : estimate.InputTokens;
        var cached = reported?.CachedInputTokenCount ?? 0;
        var output = Math.Max(reported?.OutputTokenCount ?? 0, estimate.OutputTokens);
        var estimated = reported?.InputTokenCount is not > 0 || output != (reported?.OutputTokenCount ?? -1);
        return new InvocationUsage(input, output, cached, estimated, CostCalculator.Compute(_model, input, output, cached));
    }

    private InvocationUsage EstimateUsage(IReadOnlyList<ChatMessage> messages, string output)
    {
        var input = TiktokenTokenEstimator.CountPromptTokens(_estimator, messages);
        long generated = _estimator.CountTokens(output);
        return new InvocationUsage(input, generated, 0, true, CostCalculator.Compute(_model, input, generated, 0));
    }

    private static UsageDetails Merge(UsageDetails? current, UsageDetails next)
    {
        if (current is null)
        {
            return next;
        }

        // Some protocols report input tokens at the start of a stream and output tokens at the end.
        return new UsageDetails
        {
            InputTokenCount = next.InputTokenCount ?? current.InputTokenCount,
            OutputTokenCount = next.OutputTokenCount ?? current.OutputTokenCount,
            CachedInputTokenCount = next.CachedInputTokenCount ?? current.CachedInputTokenCount,
            TotalTokenCount = next.TotalTokenCount ?? current.TotalTokenCount,
        };
    }

    private static bool IsEmpty(ChatResponse response) =>
        response.FinishReason is null && !response.Messages.SelectMany(m => m.Contents).Any(c => c is TextContent { Text.Length: > 0 } or FunctionCallContent);

    private ValueTask RecordAsync(DateTimeOffset startedAt, long started, TimeSpan? firstToken, bool streamed, InvocationUsage usage, InvocationStatus status, ProviderException? error, ChatOptions? options)
    {
        InvocationScope.Record(usage);
        var record = new InvocationRecord
        {
            RequestId = Guid.CreateVersion7().ToString("N"),
            TraceId = Activity.Current?.TraceId.ToString(),
            StartedAt = startedAt,
            Provider = _provider.Name,
            Model = _model.Id,
            Tier = _model.Tier,
            Local = _provider.Local,
            Streamed = streamed,
            Usage = usage,
            Latency = _time.GetElapsedTime(started),
            TimeToFirstToken = firstToken,
            Status = status,
            ErrorKind = error?.Kind,
            UserId = OrchestratorChatProperties.GetUserId(options),
            WorkflowId = OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.WorkflowId),
            WorkflowVersion = OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.WorkflowVersion),
            AgentId = OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.AgentId),
            PrivacyMode = _hostPrivacyMode || options.GetRoutingRequest()?.Private == true || RoutingChatOptionsExtensions.IsMarkedPrivate(options),
            RoutingAttempt = int.TryParse(OrchestratorChatProperties.GetString(options, OrchestratorChatProperties.Attempt), System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1,
            ErrorMessage = error?.Message,
            Attributes = options?.AdditionalProperties?.TryGetValue(OrchestratorChatProperties.Attempt, out var attempt) == true
                ? new Dictionary<string, string> { ["routing.attempt"] = Convert.ToString(attempt, System.Globalization.CultureInfo.InvariantCulture) ?? "1" }
                : new Dictionary<string, string>(),
        };
        return _recorder.RecordAsync(record, error);
    }
}
