namespace Orchestrator.Retrieval;

/// <summary>How a hybrid retriever combines its keyword and dense result lists.</summary>
public enum FusionMethod
{
    /// <summary>Scores min-max normalized per query and list, then combined with weights.</summary>
    Weighted,

    /// <summary>Reciprocal-rank fusion: the sum of weight / (k + rank) over lists; scores are ignored.</summary>
    ReciprocalRank,
}
