using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Plugins.Budgets.Sqlite;

/// <summary>
/// Group commit. Every operation is queued; one writer at a time takes everything queued (in arrival order) and runs
/// it in one <c>BEGIN IMMEDIATE</c> transaction, then completes each caller with its own answer (a batch in which an
/// operation fails runs again with each operation in its own savepoint, so only that operation is undone). Concurrent callers thus share one transaction's file locks and WAL writes instead of paying one
/// each; a lone caller runs its operation at once on its own thread, as before.
/// </summary>
public sealed partial class SqliteBudgetLedger
{
    // Bounds one transaction's work (and so the wait of a caller queued behind it); a gateway at 64 connections queues
    // fewer than 64 operations at a time.
    private const int MaxBatch = 128;

    private readonly ConcurrentQueue<Operation> _queue = new();
    private readonly List<Operation> _batch = new(MaxBatch);
    private int _writing;
    private long _batches;

    /// <summary>Gets the number of transactions the writer has run (committed or failed), for tests.</summary>
    internal long Batches => Interlocked.Read(ref _batches);

    /// <summary>Gets the number of operations waiting for the writer, for tests.</summary>
    internal int QueuedOperations => _queue.Count;

    /// <summary>Gets a value indicating whether a writer is running batches, for tests.</summary>
    internal bool IsWriting => Volatile.Read(ref _writing) == 1;

    private Task<T> InTransactionAsync<T>(Func<SqliteTransaction, long, T> work, CancellationToken cancellationToken, bool sweep = false)
    {
        var operation = new Operation<T>(work, sweep, cancellationToken);
        _queue.Enqueue(operation);

        // The caller that finds no writer becomes it: with no contention its own operation runs here, without a thread hop.
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            Write(operation);
        }

        return operation.Task;
    }

    /// <summary>
    /// Runs batches until the queue is empty. A caller that became the writer stops once its own operation is done and
    /// hands the rest of the queue to a pool thread, so its request is not held up by the requests of others.
    /// </summary>
    private void Write(Operation? own)
    {
        while (true)
        {
            _batch.Clear();
            while (_batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                // An operation cancelled while it waited is skipped; one taken here runs to the end.
                if (next.TryStart())
                {
                    _batch.Add(next);
                }
            }

            if (_batch.Count > 0)
            {
                RunBatch(_batch);
            }

            if (_queue.IsEmpty)
            {
                Volatile.Write(ref _writing, 0);

                // An operation queued between the check and the release found a writer and did not become one: take it.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }
            }
            else if (own is { IsDone: true })
            {
                ThreadPool.UnsafeQueueUserWorkItem(static ledger => ledger.Write(null), this, preferLocal: false);
                return;
            }
        }
    }

    private void RunBatch(List<Operation> batch)
    {
        Interlocked.Increment(ref _batches);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            if (!TryRunBatch(batch, now, isolate: false))
            {
                // An operation threw and the transaction rolled back: run the batch again, each operation in its own
                // savepoint, so the one that fails is undone alone and the others commit. Savepoints cost statements, so
                // only a batch that needs them pays for them.
                TryRunBatch(batch, now, isolate: true);
            }
        }
#pragma warning disable CA1031 // Whatever failed is every caller's answer; it must not escape the writer, which may be a pool thread.
        catch (Exception error)
#pragma warning restore CA1031
        {
            // The transaction rolled back: nothing of this batch was written, and each of its callers gets the error.
            foreach (var operation in batch)
            {
                operation.Failed(error, overwrite: false);
                operation.Complete();
            }

            return;
        }

        if (_sweptInTransaction)
        {
            _nextSweep = now + (long)SweepInterval.TotalMilliseconds;
        }

        if (now >= _nextCheckpoint)
        {
            // PASSIVE: copies what it can without waiting for other processes' readers or writers.
            try
            {
                _statements!.Checkpoint.Bind(null).ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // The batch is committed; a checkpoint that could not run now runs after a later commit.
            }

            _nextCheckpoint = now + (long)CheckpointInterval.TotalMilliseconds;
        }

        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    /// <summary>
    /// Runs the batch in one transaction and commits it. Without <paramref name="isolate"/>, returns
    /// <see langword="false"/> (nothing written) when an operation of a batch of several throws; with it, an operation
    /// that throws is rolled back to its savepoint and fails alone. A lone operation's error fails it either way.
    /// </summary>
    private bool TryRunBatch(List<Operation> batch, long now, bool isolate)
    {
        if (_statements is null)
        {
            Open();
        }

        var statements = _statements!;

        // BEGIN IMMEDIATE: takes the write lock up front, so another process sharing the file waits instead of
        // reading a balance that is about to change.
        using var tx = _connection.BeginTransaction(deferred: false);
        _sweptInTransaction = false;
        if (now >= _nextSweep || batch.Exists(static o => o.Sweep))
        {
            Sweep(tx, now);
        }

        if (batch.Count == 1)
        {
            batch[0].Run(tx, now);
        }
        else if (!isolate)
        {
            foreach (var operation in batch)
            {
#pragma warning disable CA1031 // The error is raised again, and given to its caller, when the batch runs isolated.
                try
                {
                    operation.Run(tx, now);
                }
                catch (Exception)
                {
                    return false;
                }
#pragma warning restore CA1031
            }
        }
        else
        {
            foreach (var operation in batch)
            {
                var swept = _sweptInTransaction;
                statements.Savepoint.Bind(tx).ExecuteNonQuery();
#pragma warning disable CA1031 // Whatever an operation throws is its caller's answer; the batch goes on.
                try
                {
                    operation.Run(tx, now);
                }
                catch (Exception error)
                {
                    statements.RollbackToSavepoint.Bind(tx).ExecuteNonQuery();
                    _sweptInTransaction = swept;
                    operation.Failed(error);
                }
#pragma warning restore CA1031

                statements.ReleaseSavepoint.Bind(tx).ExecuteNonQuery();
            }
        }

        tx.Commit();
        return true;
    }

    /// <summary>One queued operation: its work, whether it needs the expiry sweep first, and its caller's task.</summary>
    private abstract class Operation
    {
        private const int Queued = 0, Running = 1, Done = 2;
        private int _state;

        protected Operation(bool sweep) => Sweep = sweep;

        public bool Sweep { get; }

        public bool IsDone => Volatile.Read(ref _state) == Done;

        protected Exception? Error { get; private set; }

        public bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;

        public abstract void Run(SqliteTransaction tx, long now);

        public void Failed(Exception error, bool overwrite = true)
        {
            if (overwrite || Error is null)
            {
                Error = error;
            }
        }

        public void Complete()
        {
            Volatile.Write(ref _state, Done);
            SetOutcome();
        }

        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Done, Queued) == Queued;

        protected abstract void SetOutcome();
    }

    private sealed class Operation<T> : Operation
    {
        private readonly Func<SqliteTransaction, long, T> _work;
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;
        private T? _result;

        public Operation(Func<SqliteTransaction, long, T> work, bool sweep, CancellationToken cancellationToken)
            : base(sweep)
        {
            _work = work;
            _cancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                // A caller that gives up while queued leaves at once; its operation is then never run.
                _registration = cancellationToken.UnsafeRegister(static state => ((Operation<T>)state!).Cancel(), this);
            }
        }

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteTransaction tx, long now) => _result = _work(tx, now);

        protected override void SetOutcome()
        {
            _registration.Dispose();
            if (Error is { } error)
            {
                _completion.TrySetException(error);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }

        private void Cancel()
        {
            if (TryCancel())
            {
                _completion.TrySetCanceled(_cancellationToken);
            }
        }
    }
}
