namespace Orchestrator.Agents;

/// <summary>What a <see cref="TerminationCondition"/> is given when a run starts: the live progress and a way to stop the run.</summary>
public sealed class TerminationContext
{
    private readonly Action<string> _stop;

    internal TerminationContext(RunProgress progress, TimeProvider time, Action<string> stop)
    {
        Progress = progress;
        Time = time;
        _stop = stop;
    }

    /// <summary>Gets the run's live progress.</summary>
    public RunProgress Progress { get; }

    /// <summary>Gets the clock of the run.</summary>
    public TimeProvider Time { get; }

    /// <summary>Stops the run now (a streaming turn is cancelled at once); the first reason given wins.</summary>
    /// <param name="reason">Why, one of <see cref="TerminationReasons"/> or a host's own word.</param>
    public void Stop(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _stop(reason);
    }

    internal TerminationContext WithStop(Action<string> stop) => new(Progress, Time, stop);
}
