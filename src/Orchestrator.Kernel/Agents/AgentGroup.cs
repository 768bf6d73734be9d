using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Orchestrator.Agents;

/// <summary>
/// A runnable agent group built from a <see cref="WorkflowDefinition"/> by <see cref="AgentGroupFactory"/>. Each agent is a
/// Microsoft Agent Framework <c>ChatClientAgent</c> over Orchestrator's routed chat client, so every turn is routed,
/// budgeted and logged. Runs stream events token by token; every agent message goes over the <see cref="IAgentMessageBus"/>
/// (and so to <c>agent_messages</c>) and is checkpointed, so a run can be resumed. Thread-safe: run it concurrently.
/// </summary>
public sealed class AgentGroup
{
    private readonly AgentRuntime _runtime;

    internal AgentGroup(WorkflowDefinition definition, AgentRuntime runtime, IReadOnlyDictionary<string, IReadOnlyList<AITool>> tools, TerminationCondition termination)
    {
        Definition = definition;
        _runtime = runtime;
        Tools = tools;
        Termination = termination;
    }

    /// <summary>Gets the definition the group was built from.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>Gets the condition built from the definition's termination (a run may add its own).</summary>
    public TerminationCondition Termination { get; }

    internal IReadOnlyDictionary<string, IReadOnlyList<AITool>> Tools { get; }

    /// <summary>
    /// Runs the group on <paramref name="input"/>, streaming its events; the last one is always an
    /// <see cref="AgentGroupFinishedEvent"/> with the result. Stopping to read cancels the run (its streaming turn is cut and settled).
    /// </summary>
    /// <param name="input">The task.</param>
    /// <param name="options">Per-run settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run and the enumeration (throws); use <see cref="AgentGroupRunOptions.StopToken"/> for a graceful stop.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<AgentGroupEvent> RunStreamingAsync(string input, AgentGroupRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        options ??= new AgentGroupRunOptions();
        var runId = options.RunId ?? Guid.NewGuid().ToString("N");
        return StreamAsync(new AgentGroupRun(this, _runtime, options, runId, input, null), cancellationToken);
    }

    /// <summary>Runs the group and returns its result (see <see cref="RunStreamingAsync"/>).</summary>
    /// <param name="input">The task.</param>
    /// <param name="options">Per-run settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run (throws).</param>
    /// <returns>The result.</returns>
    public Task<AgentGroupResult> RunAsync(string input, AgentGroupRunOptions? options = null, CancellationToken cancellationToken = default) =>
        LastAsync(RunStreamingAsync(input, options, cancellationToken), cancellationToken);

    /// <summary>
    /// Resumes a run from its latest checkpoint (after a crash, a failure or a stop), with the same definition: the agents
    /// that already spoke are not asked again; the next one gets the conversation so far.
    /// </summary>
    /// <param name="runId">The run to resume.</param>
    /// <param name="options">Per-run settings (the run id is taken from <paramref name="runId"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run (throws).</param>
    /// <returns>The events of the resumed part.</returns>
    /// <exception cref="KeyNotFoundException">No checkpoint of <paramref name="runId"/> exists.</exception>
    public async IAsyncEnumerable<AgentGroupEvent> ResumeStreamingAsync(string runId, AgentGroupRunOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var checkpoint = await _runtime.Checkpoints.LoadAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No checkpoint of run '{runId}' exists; it never started, or its checkpoints were kept in memory by another process (set Orchestrator:Agents:CheckpointDirectory).");
        if (!string.Equals(checkpoint.Workflow, Definition.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Run '{runId}' belongs to workflow '{checkpoint.Workflow}', not '{Definition.Name}'; resume it with that workflow's group.");
        }

        options ??= new AgentGroupRunOptions();
        await foreach (var item in StreamAsync(new AgentGroupRun(this, _runtime, options, runId, checkpoint.Input, checkpoint), cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>Resumes a run and returns its result (see <see cref="ResumeStreamingAsync"/>).</summary>
    /// <param name="runId">The run to resume.</param>
    /// <param name="options">Per-run settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run (throws).</param>
    /// <returns>The result, covering the whole run.</returns>
    public Task<AgentGroupResult> ResumeAsync(string runId, AgentGroupRunOptions? options = null, CancellationToken cancellationToken = default) =>
        LastAsync(ResumeStreamingAsync(runId, options, cancellationToken), cancellationToken);

    private static async IAsyncEnumerable<AgentGroupEvent> StreamAsync(AgentGroupRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<AgentGroupEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The run lives in one task so that its usage scopes (AsyncLocal) span every turn; the reader only forwards events.
        var execution = Task.Run(
            async () =>
            {
                try
                {
                    await run.ExecuteAsync(channel.Writer, stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // A failure outside the turns (a checkpoint store that cannot write) reaches the reader, never hangs it.
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            // A reader that stops early (break, dispose) stops the run: the streaming turn is cut and settled.
            await stop.CancelAsync().ConfigureAwait(false);
            await execution.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<AgentGroupResult> LastAsync(IAsyncEnumerable<AgentGroupEvent> events, CancellationToken cancellationToken)
    {
        AgentGroupResult? result = null;
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is AgentGroupFinishedEvent finished)
            {
                result = finished.Result;
            }
        }

        return result ?? throw new InvalidOperationException("The run ended without a result.");
    }
}
