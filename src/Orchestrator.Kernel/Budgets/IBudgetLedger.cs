namespace Orchestrator.Budgets;

/// <summary>
/// Where budget spend lives. Each operation is atomic across every pool it touches, so concurrent calls can never
/// all pass the check before any of them is recorded. Implementations: embedded (SQLite) and Redis.
/// </summary>
public interface IBudgetLedger
{
    /// <summary>Holds a call's worst-case cost in every pool at once, or in none when any pool lacks room. A zero amount (a free model, or spend recorded after the fact) is always admitted.</summary>
    /// <param name="request">The reservation, with its idempotency key, pools and time to live.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Admitted, or which pool refused and its figures.</returns>
    /// <exception cref="BudgetUnavailableException">The ledger's store cannot be reached.</exception>
    Task<BudgetReservationResult> ReserveAsync(BudgetReservationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Charges the actual cost to the pools (in the periods reserved in) and releases the rest of the hold.</summary>
    /// <param name="reservationId">The reservation's idempotency key; a retried settle is counted once.</param>
    /// <param name="actualCost">What the call consumed, in US dollars; charged even when the hold has expired.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was applied, and the alerts it raised.</returns>
    Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default);

    /// <summary>Releases a hold without charging anything (the call never reached a provider).</summary>
    /// <param name="reservationId">The reservation's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was applied.</returns>
    Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default);

    /// <summary>Reads pools' spend and holds in the period containing <paramref name="at"/> (now when null).</summary>
    /// <param name="pools">The pools.</param>
    /// <param name="at">An instant in the period to read; the current period when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One usage per pool, in order.</returns>
    Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default);
}
