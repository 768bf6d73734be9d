namespace Orchestrator.Retrieval;

/// <summary>How weighted fusion puts each list's scores on a common scale, per query.</summary>
public enum ScoreNormalization
{
    /// <summary>(score - min) / (max - min) over the list.</summary>
    MinMax,

    /// <summary>(score - mean) / standard deviation over the list; missing chunks get the list's minimum.</summary>
    ZScore,

    /// <summary>
    /// score / max over the list: min-max with the scores' theoretical lower bound 0 (BM25 is never negative; cosine
    /// similarity of unrelated text is near 0) in place of the list's own minimum, so a missing chunk's 0 is a true
    /// floor and the scale does not depend on how deep the list was cut.
    /// </summary>
    TheoreticalMinMax,
}
