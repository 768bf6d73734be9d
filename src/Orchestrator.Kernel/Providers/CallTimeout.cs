namespace Orchestrator.Providers;

/// <summary>
/// A token that is cancelled when a time limit (on the given clock) elapses or when the caller's token is cancelled:
/// what a linked source over a timer source gives, with one source and one registration instead of two sources. The
/// router and every provider call take one per request, so the second source was pure per-request overhead.
/// </summary>
internal sealed class CallTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _caller;

    public CallTimeout(TimeSpan limit, TimeProvider time, CancellationToken caller)
    {
        _source = new CancellationTokenSource(limit, time);

        // Runs at once when the caller's token is already cancelled.
        _caller = caller.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
    }

    /// <summary>Gets the token that ends the call: the time limit or the caller, whichever comes first.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Tells whether the time limit, not the caller, ended the call.</summary>
    /// <param name="caller">The caller's token given at construction.</param>
    /// <returns><see langword="true"/> when the limit elapsed and the caller had not cancelled.</returns>
    public bool TimedOut(CancellationToken caller) => _source.IsCancellationRequested && !caller.IsCancellationRequested;

    public void Dispose()
    {
        // The registration first, so a caller cancelling now cannot reach a disposed source.
        _caller.Dispose();
        _source.Dispose();
    }
}
