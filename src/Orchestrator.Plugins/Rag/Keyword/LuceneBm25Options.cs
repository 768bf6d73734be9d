namespace Orchestrator.Rag.Keyword;

/// <summary>Options for <see cref="LuceneBm25Index"/>.</summary>
public sealed class LuceneBm25Options
{
    /// <summary>Gets or sets the index folder; <see langword="null"/> keeps the index in memory.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets BM25's term-frequency saturation k1.</summary>
    public float K1 { get; set; } = 1.2f;

    /// <summary>Gets or sets BM25's length normalization b.</summary>
    public float B { get; set; } = 0.75f;

    /// <summary>
    /// Gets or sets the model that scores the keyword list (BM25 by default). Every model reads the same index (they
    /// store document lengths alike), so a persisted index can change its model without being rebuilt.
    /// </summary>
    public KeywordScoring Scoring { get; set; } = KeywordScoring.Bm25;

    /// <summary>
    /// Gets or sets the model of a second keyword list over the same index (<see cref="LuceneBm25Index.SecondaryHits"/>,
    /// fused with <c>FusionOptions.SecondaryKeywordWeight</c>); <see langword="null"/> (the default) means none.
    /// </summary>
    public KeywordScoring? SecondaryScoring { get; set; }

    /// <summary>Gets or sets the Dirichlet prior mu of <see cref="KeywordScoring.LmDirichlet"/> (2000, Zhai and Lafferty's usual value).</summary>
    public float DirichletMu { get; set; } = 2000f;

    /// <summary>Gets or sets the collection weight lambda of <see cref="KeywordScoring.LmJelinekMercer"/>, above 0 and at most 1 (0.1, the value for short queries).</summary>
    public float JelinekMercerLambda { get; set; } = 0.1f;

    /// <summary>
    /// Gets or sets the stemmer of the English analysis (Porter, as Lucene's <c>EnglishAnalyzer</c>, by default). The
    /// same analysis applies to documents and queries, so an index persisted with one stemmer must be rebuilt to use
    /// another.
    /// </summary>
    public KeywordStemmer Stemmer { get; set; } = KeywordStemmer.Porter;

    /// <summary>
    /// Gets or sets the extra weight of a match in the title field, on top of the title being part of the content.
    /// 0 disables the separate title clause.
    /// </summary>
    public float TitleBoost { get; set; }

    /// <summary>
    /// Gets or sets the share of the keyword score that comes from term proximity (a sequential dependence model over
    /// BM25), 0-1; 0 (the default) disables it. Each pair of adjacent analyzed query terms becomes two span clauses,
    /// the pair in order within one position (a stop word may sit between them) and the pair in any order within a
    /// window of 8 positions, each scored by BM25 over its sloppy frequency. The unigram terms keep
    /// <c>1 - ProximityWeight</c>; the ordered and unordered pairs split <c>ProximityWeight</c> 2 : 1, so 0.15 gives
    /// the model's usual 0.85 / 0.1 / 0.05. Queries with proximity go through Lucene's boolean query, not the
    /// term-at-a-time path; <see cref="LuceneBm25Index.ScoreOf"/> still scores the unigram terms only.
    /// </summary>
    public float ProximityWeight { get; set; }

    /// <summary>
    /// Gets or sets how many top documents RM3 pseudo-relevance feedback reads to expand each query (0 disables it).
    /// The query is run once, the top documents' analyzed terms are weighted by P(term | document) times the document's
    /// score, and the best <see cref="FeedbackTerms"/> of them are mixed into the query before it runs again.
    /// </summary>
    public int FeedbackDocuments { get; set; }

    /// <summary>Gets or sets how many expansion terms RM3 keeps.</summary>
    public int FeedbackTerms { get; set; } = 10;

    /// <summary>Gets or sets the weight of the original query terms against the expansion terms (RM3's lambda), 0-1.</summary>
    public float FeedbackOriginalWeight { get; set; } = 0.5f;

    /// <summary>Returns a copy of these options with <see cref="Path"/> replaced, every other setting kept.</summary>
    /// <param name="path">The folder the copy's index lives in; null keeps it in memory.</param>
    internal LuceneBm25Options WithPath(string? path)
    {
        var copy = (LuceneBm25Options)MemberwiseClone();
        copy.Path = path;
        return copy;
    }
}
