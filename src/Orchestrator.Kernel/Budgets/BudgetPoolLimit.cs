namespace Orchestrator.Budgets;

/// <summary>
/// A pool a request counts against and its configured cap for one period. The ledger resolves the cap in force in the
/// same atomic step as the check: a limit set through the Budget API for this pool, else this configured named limit,
/// else an API limit for everyone (<c>*</c>) in the scope, else this configured <c>*</c> limit, else none (the pool
/// only records spend). See docs/budgets.md.
/// </summary>
/// <param name="Pool">The pool.</param>
/// <param name="Limit">The configured cap in US dollars per period; <see langword="null"/> when configuration sets none.</param>
public sealed record BudgetPoolLimit(BudgetPool Pool, decimal? Limit)
{
    /// <summary>Gets a value indicating whether <see cref="Limit"/> comes from a configured <c>*</c> entry rather than one naming the pool.</summary>
    public bool FromEveryone { get; init; }

    /// <summary>Resolves the cap in force from the configured one and the limits set through the API.</summary>
    /// <param name="apiNamed">The API limit for this pool, in micro-dollars, if any.</param>
    /// <param name="apiEveryone">The API limit for everyone in this pool's scope and period, in micro-dollars, if any.</param>
    /// <returns>The cap in micro-dollars, or <see langword="null"/> when the pool is unlimited.</returns>
    internal long? Resolve(long? apiNamed, long? apiEveryone)
    {
        var configured = Limit is { } limit ? BudgetMoney.LimitToMicros(limit) : (long?)null;
        return apiNamed ?? (FromEveryone ? null : configured) ?? apiEveryone ?? (FromEveryone ? configured : null);
    }
}
