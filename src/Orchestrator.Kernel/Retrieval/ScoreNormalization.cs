namespace Orchestrator.Retrieval;

/// <summary>How weighted fusion puts each list's scores on a common scale, per query.</summary>
public enum ScoreNormalization
{
    /// <summary>(score - min) / (max - min) over the list.</summary>
    MinMax,

    /// <summary>(score - mean) / standard deviation over the list; missing chunks get the list's minimum.</summary>
    ZScore,
}
