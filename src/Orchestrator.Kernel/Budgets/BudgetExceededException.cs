using System.Globalization;

namespace Orchestrator.Budgets;

/// <summary>A call was refused before it was sent because a budget pool has no room for its worst-case cost.</summary>
public sealed class BudgetExceededException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="pool">The pool that refused.</param>
    /// <param name="limit">The pool's cap in US dollars.</param>
    /// <param name="spent">What the pool has spent this period.</param>
    /// <param name="reserved">What the pool holds for calls in flight.</param>
    /// <param name="requested">The worst-case cost of the refused call.</param>
    public BudgetExceededException(BudgetPool pool, decimal limit, decimal spent, decimal reserved, decimal requested)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"Budget pool '{pool?.Id}' has no room: limit ${limit:0.######}, spent ${spent:0.######}, held for calls in flight ${reserved:0.######}, this call needs up to ${requested:0.######}. Lower max output tokens, use a cheaper model, wait for the next period or raise the limit."))
    {
        ArgumentNullException.ThrowIfNull(pool);
        Pool = pool;
        Limit = limit;
        Spent = spent;
        Reserved = reserved;
        Requested = requested;
    }

    /// <summary>Gets the pool that refused.</summary>
    public BudgetPool Pool { get; }

    /// <summary>Gets the pool's cap in US dollars.</summary>
    public decimal Limit { get; }

    /// <summary>Gets what the pool has spent this period, in US dollars.</summary>
    public decimal Spent { get; }

    /// <summary>Gets what the pool holds for calls in flight, in US dollars.</summary>
    public decimal Reserved { get; }

    /// <summary>Gets the worst-case cost of the refused call, in US dollars.</summary>
    public decimal Requested { get; }
}
