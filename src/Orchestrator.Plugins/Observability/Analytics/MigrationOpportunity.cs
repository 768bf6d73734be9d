namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>Work a cheaper tier served as well as a dearer one, and what moving it would save.</summary>
/// <param name="Work">The workflow id, or <c>agent:ID</c> for calls with an agent but no workflow.</param>
/// <param name="FromTier">The dearer tier.</param>
/// <param name="ToTier">The cheaper tier.</param>
/// <param name="Invocations">Calls on the dearer tier.</param>
/// <param name="FromSuccessRate">Success rate on the dearer tier.</param>
/// <param name="ToSuccessRate">Success rate on the cheaper tier.</param>
/// <param name="EstimatedSavingsUsd">The dearer tier's calls at the cheaper tier's average cost, subtracted from what they cost.</param>
public sealed record MigrationOpportunity(string Work, int FromTier, int ToTier, long Invocations, decimal FromSuccessRate, decimal ToSuccessRate, decimal EstimatedSavingsUsd);
