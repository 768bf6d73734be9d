namespace Orchestrator.Budgets;

/// <summary>How long a budget pool's spend accumulates before a new period starts at zero.</summary>
public enum BudgetPeriod
{
    /// <summary>A calendar day in the configured time zone.</summary>
    Daily,

    /// <summary>An ISO-8601 week (Monday to Sunday) in the configured time zone.</summary>
    Weekly,

    /// <summary>A calendar month in the configured time zone.</summary>
    Monthly,
}
