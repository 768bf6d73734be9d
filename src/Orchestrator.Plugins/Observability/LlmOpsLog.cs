using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orchestrator.Budgets;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability;

/// <summary>
/// The LLMOps log: an <see cref="IInvocationSink"/> and <see cref="IAgentMessageSink"/> that only enqueues on the
/// caller's path and writes batches to PostgreSQL or SQLite in the background (see <see cref="BackgroundBatchWriter{T}"/>).
/// </summary>
public sealed class LlmOpsLog : IInvocationSink, IAgentMessageSink, IBudgetPoolMirror, IAsyncDisposable
{
    private readonly BackgroundBatchWriter<object> _writer;

    internal LlmOpsLog(ILlmOpsStore store, BatchWriterOptions options, ILogger logger, IMeterFactory? meterFactory, TimeProvider? time)
    {
        Store = store;
        _writer = new BackgroundBatchWriter<object>(store.Name, store.WriteAsync, options, logger, meterFactory, time, store.IsPermanentFailure);
    }

    /// <summary>Gets how many records were stored.</summary>
    public long Written => _writer.Written;

    /// <summary>Gets how many records were dropped because the queue was full (or lost at shutdown).</summary>
    public long Dropped => _writer.Dropped;

    /// <summary>Gets how many accepted records are not yet stored.</summary>
    public long Pending => _writer.Pending;

    /// <summary>Gets a value indicating whether the database is currently failing (an outage is being retried).</summary>
    public bool IsFailing => _writer.IsFailing;

    internal ILlmOpsStore Store { get; }

    /// <inheritdoc />
    /// <remarks>Written directly (not through the invocation queue): the budget snapshot service calls it off the request path.</remarks>
    public Task WriteBudgetPoolsAsync(IReadOnlyList<BudgetPoolSnapshot> pools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pools);
        return pools.Count == 0 ? Task.CompletedTask : Store.WriteBudgetPoolsAsync(pools, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(InvocationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _writer.TryEnqueue(record);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(AgentMessageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _writer.TryEnqueue(record);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until every record accepted before the call is stored.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when they are stored.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <summary>Applies the schema migrations now (also done at host start unless turned off).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The names of the migrations applied by this call.</returns>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default) => Store.MigrateAsync(cancellationToken);

    /// <summary>Writes what is queued (up to the writer's shutdown timeout) and stops.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
