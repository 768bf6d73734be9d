using Orchestrator.Budgets;

namespace Orchestrator.Plugins.Observability;

/// <summary>A database the LLMOps log writes into: applies its schema and stores batches idempotently.</summary>
internal interface ILlmOpsStore
{
    /// <summary>Gets the store's name for logs and metrics (<c>postgres</c>, <c>sqlite</c>).</summary>
    string Name { get; }

    /// <summary>Applies the pending schema migrations.</summary>
    Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Tells a failure no retry can fix (the database refused the data, not the connection).</summary>
    bool IsPermanentFailure(Exception exception);

    /// <summary>Stores a batch of invocation and agent-message records; a record already stored is skipped.</summary>
    Task WriteAsync(IReadOnlyList<object> batch, CancellationToken cancellationToken);

    /// <summary>Inserts or updates the <c>budget_pools</c> rows of the given pools (one per scope, name, period and period start).</summary>
    Task WriteBudgetPoolsAsync(IReadOnlyList<BudgetPoolSnapshot> pools, CancellationToken cancellationToken);
}
