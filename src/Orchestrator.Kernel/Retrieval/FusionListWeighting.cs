namespace Orchestrator.Retrieval;

/// <summary>
/// How fusion weights its lists for one query: with the fixed weights of <see cref="FusionOptions"/>, or scaled by how
/// confident each list is about this query (its top hit's lead over the rest, in the list's own standard deviations).
/// </summary>
public enum FusionListWeighting
{
    /// <summary>The configured weights, the same for every query.</summary>
    Fixed,

    /// <summary>
    /// Each weight times the list's gap between its first and tenth score (the last, in a shorter list) divided by the
    /// list's standard deviation, rescaled so that the weights keep their configured sum.
    /// </summary>
    TopGap,

    /// <summary>
    /// Each weight times the z-score of the list's first score (its lead over the list's mean, in standard deviations),
    /// rescaled so that the weights keep their configured sum.
    /// </summary>
    TopZScore,
}
