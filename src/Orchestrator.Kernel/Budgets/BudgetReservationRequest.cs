namespace Orchestrator.Budgets;

/// <summary>A request to hold a call's worst-case cost in every pool that applies to it, all or nothing.</summary>
/// <param name="ReservationId">The idempotency key: reserving, settling or releasing the same id twice has the effect of once.</param>
/// <param name="Pools">Every pool the call counts against, with its cap.</param>
/// <param name="Amount">The worst-case cost in US dollars.</param>
/// <param name="TimeToLive">How long the hold lasts if it is never settled (a crashed host); then it is released.</param>
public sealed record BudgetReservationRequest(string ReservationId, IReadOnlyList<BudgetPoolLimit> Pools, decimal Amount, TimeSpan TimeToLive)
{
    /// <summary>
    /// Gets <see cref="Pools"/> with each pool once: a pool named twice is held once, with the cap of its first entry.
    /// Every ledger holds these; the list itself (no copy) when no pool repeats, which is the case for requests built
    /// from <see cref="BudgetLimits.For"/>.
    /// </summary>
    /// <returns>The distinct pools, in their first order.</returns>
    public IReadOnlyList<BudgetPoolLimit> DistinctPools()
    {
        for (var i = 1; i < Pools.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Pools[i].Pool == Pools[j].Pool)
                {
                    return [.. Pools.DistinctBy(p => p.Pool)];
                }
            }
        }

        return Pools;
    }
}
