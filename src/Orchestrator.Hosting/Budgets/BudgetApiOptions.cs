namespace Orchestrator.Hosting.Budgets;

/// <summary>The Budget API's settings, bound from <c>Orchestrator:BudgetApi</c>.</summary>
public sealed class BudgetApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orchestrator:BudgetApi";

    /// <summary>Gets or sets the API keys. A request sends one in the <c>X-Api-Key</c> header; none configured means every call is refused.</summary>
    public List<BudgetApiKey> Keys { get; set; } = [];
}
