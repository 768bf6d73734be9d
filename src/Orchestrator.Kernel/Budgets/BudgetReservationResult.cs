namespace Orchestrator.Budgets;

/// <summary>The outcome of a reservation: admitted, or refused by the first pool that has no room.</summary>
public sealed record BudgetReservationResult
{
    /// <summary>Gets a value indicating whether the amount is now held in every pool.</summary>
    public required bool Admitted { get; init; }

    /// <summary>Gets the pool that refused, when refused.</summary>
    public BudgetPool? RefusedBy { get; init; }

    /// <summary>Gets the refusing pool's cap in US dollars.</summary>
    public decimal Limit { get; init; }

    /// <summary>Gets what the refusing pool has spent this period.</summary>
    public decimal Spent { get; init; }

    /// <summary>Gets what the refusing pool holds for calls in flight.</summary>
    public decimal Reserved { get; init; }

    /// <summary>Gets the amount requested.</summary>
    public decimal Requested { get; init; }

    /// <summary>Throws <see cref="BudgetExceededException"/> when the reservation was refused.</summary>
    /// <exception cref="BudgetExceededException">A pool had no room.</exception>
    public void ThrowIfRefused()
    {
        if (!Admitted)
        {
            throw new BudgetExceededException(RefusedBy!, Limit, Spent, Reserved, Requested);
        }
    }
}
