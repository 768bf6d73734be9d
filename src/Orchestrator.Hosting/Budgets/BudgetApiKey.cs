namespace Orchestrator.Hosting.Budgets;

/// <summary>An API key of the Budget API.</summary>
public sealed class BudgetApiKey
{
    /// <summary>Gets or sets the key (a long random secret).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the key may set and delete limits (the admin scope).</summary>
    public bool Admin { get; set; }
}
