namespace Orchestrator.Agents;

/// <summary>Stops the run when it has lasted a time, mid-stream if need be (the run's <see cref="TimeProvider"/> keeps time).</summary>
/// <param name="timeout">The limit (above zero).</param>
public sealed class TimeoutTermination(TimeSpan timeout) : TerminationCondition
{
    /// <summary>Gets the limit.</summary>
    public TimeSpan Timeout { get; } = timeout > TimeSpan.Zero ? timeout : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Timeout must be above zero.");

    /// <inheritdoc />
    public override IDisposable? Start(TerminationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Time.CreateTimer(_ => context.Stop(TerminationReasons.Timeout), null, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }
}
