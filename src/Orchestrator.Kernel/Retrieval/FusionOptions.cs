namespace Orchestrator.Retrieval;

/// <summary>Fusion settings for hybrid retrieval. See <c>docs/decisions/0020-two-encoder-embeddings.md</c> (and 0014, 0005 before it) for how the default was chosen.</summary>
public sealed class FusionOptions
{
    /// <summary>Gets or sets the fusion method.</summary>
    public FusionMethod Method { get; set; } = FusionMethod.Weighted;

    /// <summary>Gets or sets the weight of the dense (embedding) list.</summary>
    public double DenseWeight { get; set; } = DefaultDenseWeight;

    /// <summary>Gets or sets the weight of the keyword (BM25) list.</summary>
    public double KeywordWeight { get; set; } = DefaultKeywordWeight;

    /// <summary>
    /// Gets or sets the weight of the sentence list: each chunk scored by the cosine of its best sentence (max over the
    /// sentence vectors ingested beside the chunks). 0 disables it; it also needs an index built with sentence vectors
    /// (without them fusion has the dense and keyword lists only, at their weights).
    /// </summary>
    public double SentenceWeight { get; set; } = DefaultSentenceWeight;

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

    /// <summary>
    /// Gets or sets the weight of a sentence-centroid list: each chunk scored by the cosine of the normalized mean of
    /// its sentence vectors, when the retriever has a centroid index (built from the stored sentence vectors, no new
    /// embeddings). 0 disables it.
    /// </summary>
    public double CentroidWeight { get; set; }

    /// <summary>
    /// Gets or sets the weight of a term-proximity list: BM25 over pairs of adjacent query terms found close together in
    /// a chunk (in order within one position, any order within 8), from the same keyword index. 0 disables it.
    /// </summary>
    public double ProximityWeight { get; set; }

    /// <summary>
    /// Gets or sets the weight of a second keyword list: the same keyword index scored by a second probabilistic model
    /// (the keyword index's <c>SecondaryScoring</c>, e.g. a divergence-from-randomness or language model beside BM25).
    /// 0 disables it; without a second model configured the list is empty.
    /// </summary>
    public double SecondaryKeywordWeight { get; set; }

    /// <summary>Gets or sets whether each query rescales the list weights by the lists' confidence (<see cref="FusionListWeighting"/>).</summary>
    public FusionListWeighting ListWeighting { get; set; } = FusionListWeighting.Fixed;

    /// <summary>
    /// Gets or sets the score regularization weight alpha, 0-1 (0 disables it): each fused result's score becomes
    /// <c>(1 - alpha) * score + alpha * mean score of its <see cref="NeighbourCount"/> nearest neighbours</c>, neighbours
    /// by the cosine of their stored vectors among the fused candidates (<see cref="CandidateDepth"/> of them). Needs a
    /// vector index that implements <see cref="IVectorLookup"/>.
    /// </summary>
    public double NeighbourSmoothing { get; set; }

    /// <summary>Gets or sets how many nearest candidates <see cref="NeighbourSmoothing"/> averages.</summary>
    public int NeighbourCount { get; set; } = 5;

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="NeighbourSmoothing"/> weights each neighbour's score by its
    /// cosine to the result (a similarity-weighted mean) instead of a plain mean.
    /// </summary>
    public bool NeighbourSimilarityWeights { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether weighted fusion multiplies each fused score by the number of lists that
    /// returned the item (CombMNZ, Fox and Shaw 1994), rewarding agreement between retrievers. Off by default.
    /// </summary>
    public bool CombMnz { get; set; }

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

    // The default (decision 0020, amending 0014): best-passage dense 0.5, BM25 0.75 and best-sentence dense 0.5. Chosen
    // with the default embedder, all-MiniLM-L6-v2 and arctic-embed-xs concatenated: with that stronger dense side the
    // sentence list earns a full list's weight and BM25 a larger share (with all-MiniLM-L6-v2 alone 0.5 / 0.5 / 0.25 was best).
    private const double DefaultDenseWeight = 0.5;
    private const double DefaultKeywordWeight = 0.75;
    private const double DefaultSentenceWeight = 0.5;

    /// <summary>Gets the specification's 70 dense : 30 keyword weighted preset (kept available; not the default, see the decision record).</summary>
    public static FusionOptions Specification70To30 => new() { Method = FusionMethod.Weighted, Normalization = ScoreNormalization.MinMax, DenseWeight = 0.7, KeywordWeight = 0.3, SentenceWeight = 0 };

    /// <summary>Gets plain reciprocal-rank fusion of BM25 and dense with k = 60 and equal weights.</summary>
    public static FusionOptions Rrf => new() { Method = FusionMethod.ReciprocalRank, DenseWeight = 1, KeywordWeight = 1, SentenceWeight = 0 };

    /// <summary>
    /// Gets the default before sentence evidence (decision 0005): z-score 50/50 of BM25 and best-passage dense, no
    /// sentence list.
    /// </summary>
    public static FusionOptions TwoSignal => new() { DenseWeight = 0.5, KeywordWeight = 0.5, SentenceWeight = 0 };

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public FusionOptions Clone() => (FusionOptions)MemberwiseClone();
}
