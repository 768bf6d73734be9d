using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Orchestrator.Catalog;
using Orchestrator.Providers;
using Orchestrator.Usage;

namespace Orchestrator.Budgets;

/// <summary>
/// The budget gate around one provider model's metered client: before the call it holds the worst case (prompt at
/// the input price plus max output tokens at the output price) in every pool that applies, or refuses with
/// <see cref="BudgetExceededException"/>; after it, it settles to the metered cost. A stream cut short or cancelled is
/// charged for what it streamed.
/// </summary>
internal sealed class BudgetChatClient : DelegatingChatClient
{
    private readonly ModelDescriptor _model;
    private readonly BudgetGate _gate;
    private readonly ITokenEstimator _estimator;
    private readonly int _defaultMaxOutputTokens;

    public BudgetChatClient(IChatClient inner, ModelDescriptor model, BudgetGate gate, ITokenEstimator estimator, int defaultMaxOutputTokens)
        : base(inner)
    {
        _model = model;
        _gate = gate;
        _estimator = estimator;
        _defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var promptTokens = TiktokenTokenEstimator.CountPromptTokens(_estimator, messageList);
        var hold = await ReserveAsync(promptTokens, options, cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messageList, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The prompt may have been processed (and billed) before the caller gave up: charge it, as the meter does.
            await _gate.SettleAsync(hold, CostCalculator.Compute(_model, promptTokens, 0, 0), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await _gate.SettleAsync(hold, 0m, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _gate.SettleAsync(hold, response.GetInvocationUsage()?.Cost ?? CostCalculator.Compute(_model, promptTokens, _estimator.CountTokens(response.Text), 0), CancellationToken.None).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var promptTokens = TiktokenTokenEstimator.CountPromptTokens(_estimator, messageList);
        var hold = await ReserveAsync(promptTokens, options, cancellationToken).ConfigureAwait(false);
        var streamed = new System.Text.StringBuilder();
        decimal? cost = null;
        try
        {
            var enumerator = base.GetStreamingResponseAsync(messageList, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using var disposeEnumerator = enumerator.ConfigureAwait(false);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (ProviderStreamInterruptedException ex)
                {
                    cost = ex.Usage.Cost;
                    throw;
                }
                catch (ProviderException) when (streamed.Length == 0)
                {
                    cost = 0m;
                    throw;
                }

                var update = enumerator.Current;
                streamed.Append(update.Text);
                cost = update.GetInvocationUsage()?.Cost ?? cost;
                yield return update;
            }
        }
        finally
        {
            // Also reached when the caller stops reading or cancels mid-stream: charge the prompt and what streamed.
            cost ??= CostCalculator.Compute(_model, promptTokens, _estimator.CountTokens(streamed.ToString()), 0);
            await _gate.SettleAsync(hold, cost.Value, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private Task<BudgetHold> ReserveAsync(long promptTokens, ChatOptions? options, CancellationToken cancellationToken)
    {
        var maxOutput = options?.MaxOutputTokens ?? (_model.MaxOutputTokens > 0 ? _model.MaxOutputTokens : _defaultMaxOutputTokens);
        var ambient = BudgetContext.Current;
        var subject = new BudgetSubject(
            OrchestratorChatProperties.GetUserId(options) ?? ambient?.UserId,
            OrchestratorChatProperties.GetTeamId(options) ?? ambient?.TeamId,
            _model.Tier);
        return _gate.ReserveAsync(subject, CostCalculator.WorstCase(_model, promptTokens, maxOutput), cancellationToken);
    }
}
