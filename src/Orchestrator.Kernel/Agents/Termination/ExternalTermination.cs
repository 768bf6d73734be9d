namespace Orchestrator.Agents;

/// <summary>
/// Stops the run gracefully when a caller's token is cancelled: the streaming turn is cut, its tokens settled, and the
/// partial result returned with the reason <c>cancelled</c> (cancelling the stream's own token instead throws).
/// </summary>
/// <param name="stopToken">The token.</param>
public sealed class ExternalTermination(CancellationToken stopToken) : TerminationCondition
{
    /// <inheritdoc />
    public override IDisposable? Start(TerminationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return stopToken.Register(() => context.Stop(TerminationReasons.Cancelled));
    }
}
