namespace Orchestrator.Budgets;

/// <summary>Whom a call is made for, which decides the pools it counts against.</summary>
/// <param name="UserId">The calling user, if known.</param>
/// <param name="TeamId">The user's team, if known.</param>
/// <param name="Tier">The tier of the model called, if known.</param>
public sealed record BudgetSubject(string? UserId, string? TeamId, int? Tier);
