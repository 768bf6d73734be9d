using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Orchestrator.Budgets;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Agents;

/// <summary>
/// One run of a group: the pattern loop, termination, the bus subscription that builds the shared conversation and
/// checkpoints it, and the result. Lives in one task (see <see cref="AgentGroup"/>); patterns and turns are in the
/// other parts of this class.
/// </summary>
internal sealed partial class AgentGroupRun
{
    private readonly AgentGroup _group;
    private readonly AgentRuntime _runtime;
    private readonly AgentGroupRunOptions _options;
    private readonly string _runId;
    private readonly string _input;
    private readonly AgentCheckpoint? _resumedFrom;
    private readonly TerminationCondition _termination;
    private readonly Lock _gate = new();
    private readonly List<AgentMessage> _messages = [];
    private readonly InvocationUsage _priorUsage;
    private ChannelWriter<AgentGroupEvent> _events = null!;
    private RunProgress _progress = null!;
    private CancellationToken _runToken;
    private string? _stopReason;
    private string? _nextAgent;
    private CancellationTokenSource? _runStop;
    private InvocationScope? _usage;

    public AgentGroupRun(AgentGroup group, AgentRuntime runtime, AgentGroupRunOptions options, string runId, string input, AgentCheckpoint? resumedFrom)
    {
        _group = group;
        _runtime = runtime;
        _options = options;
        _runId = runId;
        _input = input;
        _resumedFrom = resumedFrom;
        _termination = options.Termination is null ? group.Termination : TerminationCondition.Any(group.Termination, options.Termination);
        _priorUsage = resumedFrom?.Usage ?? InvocationUsage.None;
        if (resumedFrom is not null)
        {
            _messages.AddRange(resumedFrom.Messages);
            _nextAgent = resumedFrom.NextAgent;
        }
    }

    private WorkflowDefinition Definition => _group.Definition;

    private bool Stopped => Volatile.Read(ref _stopReason) is not null;

    public async Task ExecuteAsync(ChannelWriter<AgentGroupEvent> events, CancellationToken cancellationToken)
    {
        _events = events;
        var startedAt = _runtime.Time.GetUtcNow();
        using var runStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _runStop = runStop;
        _runToken = runStop.Token;
        using var usage = InvocationScope.Begin();
        _usage = usage;

        // Calls the run makes outside agent turns (the judge, the speaker selector) are charged to the run's user too.
        using var budget = _options.UserId is not null || _options.TeamId is not null ? BudgetContext.Use(_options.UserId, _options.TeamId) : null;
        _progress = new RunProgress(_runId, _input, _resumedFrom?.Turns ?? 0, _priorUsage.InputTokens + _priorUsage.OutputTokens, _priorUsage.Cost, _runtime.Time);
        using var subscription = _runtime.Bus.Subscribe(_runId, OnMessageAsync);
        using var external = _options.StopToken.CanBeCanceled ? _options.StopToken.Register(() => Stop(TerminationReasons.Cancelled)) : default;
        using var armed = _termination.Start(new TerminationContext(_progress, _runtime.Time, Stop));

        string reason;
        Exception? error = null;
        try
        {
            if (_termination.CheckProgress(_progress) is { } already)
            {
                Stop(already);
            }

            if (!Stopped)
            {
                await RunPatternAsync().ConfigureAwait(false);
            }

            reason = _stopReason ?? TerminationReasons.Completed;
        }
        catch (OperationCanceledException) when (Stopped)
        {
            reason = _stopReason!;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = TerminationReasons.Cancelled;
        }
        catch (BudgetExceededException ex)
        {
            reason = TerminationReasons.BudgetExceeded;
            error = ex;
        }
        catch (Exception ex)
        {
            reason = TerminationReasons.Failed;
            error = ex;
            AgentsLog.RunFailed(_runtime.Logger, _runId, ex.Message, ex);
        }

        double? judgeScore = _progress.JudgeScore;
        if (_options.JudgeFinalOutput && _runtime.Judge is { } judge && error is null && Output() is { Length: > 0 } final && !cancellationToken.IsCancellationRequested)
        {
            judgeScore = await JudgeAsync(judge, final, cancellationToken).ConfigureAwait(false) ?? judgeScore;
        }

        var result = BuildResult(reason, error, judgeScore, usage.Usage, startedAt);
        await SaveCheckpointAsync(reason).ConfigureAwait(false);
        await RecordRunAsync(result, startedAt).ConfigureAwait(false);
        AgentsLog.RunFinished(_runtime.Logger, _runId, Definition.Name, reason, result.Turns, result.Usage.InputTokens + result.Usage.OutputTokens, result.Usage.Cost);
        events.TryWrite(new AgentGroupFinishedEvent(_runId, result));
        events.TryComplete();
    }

    /// <summary>Stops the run: the first reason wins; the streaming turn's provider stream is cancelled at once.</summary>
    private void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
        {
            try
            {
                _runStop?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run already ended.
            }
        }
    }

    private ValueTask EmitAsync(AgentGroupEvent item) => _events.WriteAsync(item, CancellationToken.None);

    /// <summary>Bus delivery for this run: the message joins the shared conversation, and the run is checkpointed.</summary>
    private async ValueTask OnMessageAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }

        await SaveCheckpointAsync(null).ConfigureAwait(false);
    }

    private List<AgentMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }

    /// <summary>The shared conversation as an agent sees it: the task, then every agent's text, each named by its author.</summary>
    private List<ChatMessage> Conversation()
    {
        var conversation = new List<ChatMessage> { new(ChatRole.User, _input) };
        foreach (var message in Snapshot().Where(m => m.Kind == "text" && m.Content.Length > 0))
        {
            conversation.Add(new ChatMessage(ChatRole.Assistant, message.Content) { AuthorName = message.Sender });
        }

        return conversation;
    }

    private string Output()
    {
        var texts = Snapshot().Where(m => m.Kind == "text" && m.Content.Length > 0).ToList();
        if (texts.Count == 0)
        {
            return string.Empty;
        }

        if (Definition.Pattern == AgentPatterns.Concurrent)
        {
            return string.Join("\n\n", Definition.Agents
                .Select(a => texts.LastOrDefault(m => string.Equals(m.Sender, a.Name, StringComparison.Ordinal)))
                .OfType<AgentMessage>()
                .Select(m => $"{m.Sender}: {m.Content}"));
        }

        return texts[^1].Content;
    }

    private AgentGroupResult BuildResult(string reason, Exception? error, double? judgeScore, InvocationUsage usage, DateTimeOffset startedAt)
    {
        var messages = Snapshot();
        var total = new InvocationUsage(
            _priorUsage.InputTokens + usage.InputTokens,
            _priorUsage.OutputTokens + usage.OutputTokens,
            _priorUsage.CachedInputTokens + usage.CachedInputTokens,
            _priorUsage.IsEstimated || usage.IsEstimated,
            _priorUsage.Cost + usage.Cost);
        var last = messages.LastOrDefault(m => m.Kind == "text");
        return new AgentGroupResult(_runId, reason, Output(), messages, total, _progress.Turns, last?.IsPartial == true, _runtime.Time.GetUtcNow() - startedAt, judgeScore, error);
    }

    private async Task<double?> JudgeAsync(Judging.ILlmJudge judge, string output, CancellationToken cancellationToken)
    {
        try
        {
            var verdict = await judge.JudgeAsync(_input, output, JudgeApprovalTermination.DefaultCriteria, cancellationToken).ConfigureAwait(false);
            return verdict.Score;
        }
        catch (Exception ex) when (ex is Judging.JudgeFailedException or Providers.ProviderException or BudgetExceededException)
        {
            return null;
        }
    }

    private async Task SaveCheckpointAsync(string? reason)
    {
        var usage = _usage?.Usage ?? InvocationUsage.None;
        var checkpoint = new AgentCheckpoint(
            _runId,
            Definition.Name,
            _input,
            Snapshot(),
            _progress.Turns,
            new InvocationUsage(_priorUsage.InputTokens + usage.InputTokens, _priorUsage.OutputTokens + usage.OutputTokens, _priorUsage.CachedInputTokens + usage.CachedInputTokens, _priorUsage.IsEstimated || usage.IsEstimated, _priorUsage.Cost + usage.Cost),
            Volatile.Read(ref _nextAgent),
            reason,
            _runtime.Time.GetUtcNow());
        await _runtime.Checkpoints.SaveAsync(checkpoint, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task RecordRunAsync(AgentGroupResult result, DateTimeOffset startedAt)
    {
        if (_runtime.RunSink is not { } sink)
        {
            return;
        }

        try
        {
            await sink.RecordAsync(
                new WorkflowRunRecord(
                    _runId,
                    Definition.Name,
                    _options.WorkflowVersion ?? "unversioned",
                    _options.SubjectKey ?? _options.UserId,
                    result.Succeeded,
                    result.Usage.Cost,
                    result.Usage.InputTokens + result.Usage.OutputTokens,
                    result.Elapsed,
                    result.JudgeScore,
                    result.Reason,
                    startedAt),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AgentsLog.RunRecordFailed(_runtime.Logger, _runId, ex);
        }
    }
}
