namespace Orchestrator.Agents;

/// <summary>
/// When a group run stops. Conditions are checked on every streamed update (cheap, synchronous), on every tool call
/// and after every agent message; signal-driven ones (a timeout, a caller's stop token) stop the run from
/// <see cref="Start"/>. Compose them with <see cref="Any"/> and <see cref="All"/>.
/// </summary>
public abstract class TerminationCondition
{
    /// <summary>Called once when the run starts (or resumes); arm timers and registrations here.</summary>
    /// <param name="context">The run's progress and stop handle.</param>
    /// <returns>A registration disposed when the run ends, or <see langword="null"/>.</returns>
    public virtual IDisposable? Start(TerminationContext context) => null;

    /// <summary>Checks the run while a turn streams; keep it cheap.</summary>
    /// <param name="progress">The live progress.</param>
    /// <returns>The reason to stop, or <see langword="null"/> to go on.</returns>
    public virtual string? CheckProgress(RunProgress progress) => null;

    /// <summary>Checks an agent's tool call as it is streamed, before the tool runs.</summary>
    /// <param name="progress">The live progress.</param>
    /// <param name="toolName">The tool called.</param>
    /// <returns>The reason to stop, or <see langword="null"/>.</returns>
    public virtual string? CheckToolCall(RunProgress progress, string toolName) => null;

    /// <summary>Checks a finished agent message.</summary>
    /// <param name="progress">The live progress (the message's usage already counted).</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the check (a judge's model call).</param>
    /// <returns>The reason to stop, or <see langword="null"/>.</returns>
    public virtual ValueTask<string?> CheckMessageAsync(RunProgress progress, AgentMessage message, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(CheckProgress(progress));

    /// <summary>Stops when any of <paramref name="conditions"/> fires (the first one's reason).</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The composite.</returns>
    public static TerminationCondition Any(params TerminationCondition[] conditions) => new AnyTermination(conditions);

    /// <summary>Stops once every one of <paramref name="conditions"/> has fired at least once in the run (the last one's reason). The composite remembers which fired: use one instance per run.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The composite.</returns>
    public static TerminationCondition All(params TerminationCondition[] conditions) => new AllTermination(conditions);
}
