namespace Orchestrator.Judging;

/// <summary>A judge's scores: one per criterion, their mean, and why.</summary>
/// <param name="Score">The mean of <paramref name="Criteria"/>, 0-1.</param>
/// <param name="Criteria">Each criterion's score, 0-1.</param>
/// <param name="Rationale">The judge's reasoning, in a sentence or two.</param>
public sealed record JudgeVerdict(double Score, IReadOnlyDictionary<string, double> Criteria, string Rationale);
