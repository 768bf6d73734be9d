namespace Orchestrator.Budgets;

/// <summary>One configured limit: a scope, whom it applies to, a period and a cap in US dollars.</summary>
public sealed class BudgetLimitOptions
{
    /// <summary>The name that applies a user or team limit to each user or team separately.</summary>
    public const string Everyone = "*";

    /// <summary>Gets or sets the scope.</summary>
    public BudgetScope Scope { get; set; }

    /// <summary>
    /// Gets or sets the user id, team name or tier number; <c>*</c> gives every user (or team) a pool of its own with
    /// this cap, and a named entry overrides <c>*</c> for the same period. Ignored for <see cref="BudgetScope.Global"/>.
    /// </summary>
    public string Name { get; set; } = Everyone;

    /// <summary>Gets or sets the period.</summary>
    public BudgetPeriod Period { get; set; } = BudgetPeriod.Monthly;

    /// <summary>Gets or sets the cap in US dollars per period.</summary>
    public decimal Limit { get; set; }
}
