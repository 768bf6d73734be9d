namespace Orchestrator.Rag.Retrieval;

/// <summary>
/// A branch of a query offered to the thread pool: a pool thread runs it if one gets to it first, otherwise the query's
/// own thread runs it when it needs the result. On a loaded machine a queued work item can wait milliseconds for a core,
/// and a query thread that blocked on it would give up the core it has; so the branch never costs more than running it
/// in sequence, beyond queueing one work item.
/// </summary>
/// <typeparam name="T">The branch's result.</typeparam>
internal sealed class QueryBranch<T>
{
    private readonly Func<Task<T>> _work;
    private readonly TaskCompletionSource<Task<T>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    private QueryBranch(Func<Task<T>> work) => _work = work;

    /// <summary>Offers <paramref name="work"/> to the thread pool.</summary>
    public static QueryBranch<T> Offer(Func<Task<T>> work)
    {
        var branch = new QueryBranch<T>(work);
        // The caller's execution context flows (AsyncLocal values, the current Activity), so the branch sees the same
        // context whichever thread ends up running it.
        ThreadPool.QueueUserWorkItem(static b => b.TryStart(), branch, preferLocal: false);
        return branch;
    }

    /// <summary>Returns the branch's result, running it on the calling thread if no pool thread has started it.</summary>
    public async Task<T> ResultAsync()
    {
        TryStart();
        var running = await _started.Task.ConfigureAwait(false);
        return await running.ConfigureAwait(false);
    }

    /// <summary>Waits for the branch if it was started (its failure is observed and dropped); one not started never will be.</summary>
    public async Task SettleAsync()
    {
        if (Interlocked.Exchange(ref _claimed, 1) == 0)
        {
            _started.SetResult(Task.FromCanceled<T>(new CancellationToken(canceled: true)));
            return;
        }

        var running = await _started.Task.ConfigureAwait(false);
        await ((Task)running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ = running.Exception;
    }

    private void TryStart()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return;
        }

        Task<T> running;
        try
        {
            running = _work();
        }
#pragma warning disable CA1031 // The failure belongs to the branch's task and surfaces where its result is awaited.
        catch (Exception e)
#pragma warning restore CA1031
        {
            running = Task.FromException<T>(e);
        }

        _started.SetResult(running);
    }
}
