namespace Orchestrator.Budgets;

/// <summary>Who a budget pool belongs to. A request is checked against every pool that applies to it.</summary>
public enum BudgetScope
{
    /// <summary>One user's spend.</summary>
    User,

    /// <summary>One team's spend (every user who calls on the team's behalf).</summary>
    Team,

    /// <summary>The spend on one model tier (0 local, 1 cheap cloud, 2 mid, 3 premium).</summary>
    Tier,

    /// <summary>Everything the deployment spends.</summary>
    Global,
}
