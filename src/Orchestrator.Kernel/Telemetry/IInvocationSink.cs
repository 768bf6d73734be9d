namespace Orchestrator.Telemetry;

/// <summary>
/// Receives every model call. Implementations sit on the hot path: they must return quickly (enqueue and write in
/// the background) and must not throw for storage failures.
/// </summary>
public interface IInvocationSink
{
    /// <summary>Records one call.</summary>
    /// <param name="record">The call.</param>
    /// <param name="cancellationToken">Cancels the hand-off, not the call.</param>
    /// <returns>A task that completes when the record is accepted (not necessarily stored).</returns>
    ValueTask RecordAsync(InvocationRecord record, CancellationToken cancellationToken = default);
}
