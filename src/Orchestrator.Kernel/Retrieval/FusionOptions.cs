namespace Orchestrator.Retrieval;

/// <summary>Fusion settings for hybrid retrieval. See <c>docs/decisions/0005-fusion-default.md</c> for how the default was chosen.</summary>
public sealed class FusionOptions
{
    /// <summary>Gets or sets the fusion method.</summary>
    public FusionMethod Method { get; set; } = FusionMethod.Weighted;

    /// <summary>Gets or sets the weight of the dense (embedding) list.</summary>
    public double DenseWeight { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of the keyword (BM25) list.</summary>
    public double KeywordWeight { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the weight of the sentence list: each chunk scored by the cosine of its best sentence (max over the
    /// sentence vectors ingested beside the chunks). 0 disables it; it also needs an index built with sentence vectors.
    /// </summary>
    public double SentenceWeight { get; set; }

    /// <summary>
    /// Gets or sets how many sentences the sentence list takes before they are grouped by chunk (sentences of one chunk
    /// share a slot of <see cref="CandidateDepth"/>, so this is several times larger).
    /// </summary>
    public int SentenceCandidateDepth { get; set; } = 1000;

    /// <summary>Gets or sets how the sentence list scores a chunk from its sentences (the best one by default).</summary>
    public SentencePooling SentencePooling { get; set; } = SentencePooling.Max;

    /// <summary>Gets or sets the temperature of <see cref="SentencePooling.LogSumExp"/> pooling (cosine units).</summary>
    public double SentencePoolingTemperature { get; set; } = 0.05;

    /// <summary>
    /// Gets or sets the weight of a BM25 list over sentences (each chunk scored by its best sentence's BM25), when the
    /// retriever has a sentence keyword index. 0 disables it.
    /// </summary>
    public double SentenceKeywordWeight { get; set; }

    /// <summary>Gets or sets how weighted fusion normalizes scores.</summary>
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.ZScore;

    /// <summary>
    /// Gets or sets how many top fused results pseudo-relevance feedback averages into the dense query (0 disables it).
    /// Needs a vector index that implements <see cref="IVectorLookup"/>.
    /// </summary>
    public int FeedbackDepth { get; set; }

    /// <summary>Gets or sets the weight of the feedback centroid added to the query vector (Rocchio's beta; the query has weight 1).</summary>
    public double FeedbackWeight { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets a value indicating whether fusion scores documents by their best chunk in each list (passage-level
    /// scoring) instead of scoring chunks; results are then one chunk per document.
    /// </summary>
    public bool ByDocument { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether weighted fusion asks each retriever for the exact score of results only
    /// the other one returned (BM25 of a dense-only result, cosine of a keyword-only one) instead of giving them the
    /// list's floor. Needs a vector index that implements <see cref="IVectorLookup"/> for the dense side.
    /// </summary>
    public bool ExactScores { get; set; }

    /// <summary>Gets or sets the RRF rank constant.</summary>
    public int RrfK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each retriever contributes before fusion.</summary>
    public int CandidateDepth { get; set; } = 100;

    /// <summary>Gets the specification's 70 dense : 30 keyword weighted preset (kept available; not the default, see the decision record).</summary>
    public static FusionOptions Specification70To30 => new() { Method = FusionMethod.Weighted, Normalization = ScoreNormalization.MinMax, DenseWeight = 0.7, KeywordWeight = 0.3 };

    /// <summary>Gets plain reciprocal-rank fusion with k = 60 and equal weights.</summary>
    public static FusionOptions Rrf => new() { Method = FusionMethod.ReciprocalRank, DenseWeight = 1, KeywordWeight = 1 };

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public FusionOptions Clone() => (FusionOptions)MemberwiseClone();
}
