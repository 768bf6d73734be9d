namespace Orchestrator.Rag.Keyword;

/// <summary>
/// The probabilistic model that scores the keyword index's matches. Every model reads the same index: Lucene's
/// <c>BM25Similarity</c> and <c>SimilarityBase</c> (which the other models extend) write the same norm (the boost over
/// the square root of the field length, one byte) and read it back as the same document length, so changing the model
/// needs no re-indexing. Parameters: <see cref="LuceneBm25Options.K1"/> and <see cref="LuceneBm25Options.B"/> (BM25),
/// <see cref="LuceneBm25Options.DirichletMu"/> and <see cref="LuceneBm25Options.JelinekMercerLambda"/> (the language models);
/// the divergence-from-randomness and information-based models use normalization H2 with c = 1.
/// </summary>
public enum KeywordScoring
{
    /// <summary>Okapi BM25 (Robertson et al., TREC-3), Lucene's <c>BM25Similarity</c> (the default).</summary>
    Bm25,

    /// <summary>
    /// Divergence from randomness In_expB2 (Amati and van Rijsbergen 2002): inverse expected document frequency,
    /// Bernoulli after-effect, H2 length normalization (Lucene's <c>DFRSimilarity</c>).
    /// </summary>
    DfrInExpB2,

    /// <summary>Divergence from randomness PL2: Poisson basic model, Laplace after-effect, H2 length normalization.</summary>
    DfrPl2,

    /// <summary>
    /// Information-based model with the log-logistic distribution (Clinchant and Gaussier 2010): lambda from the
    /// document frequency, H2 length normalization (Lucene's <c>IBSimilarity</c>).
    /// </summary>
    IbLl,

    /// <summary>Information-based model with the smoothed power-law distribution, lambda from the document frequency, H2.</summary>
    IbSpl,

    /// <summary>
    /// Query likelihood with Dirichlet smoothing (Zhai and Lafferty 2001), Lucene's <c>LMDirichletSimilarity</c>: as in
    /// Lucene, the length term is added per matching query term and a term's negative score is clamped to 0.
    /// </summary>
    LmDirichlet,

    /// <summary>Query likelihood with Jelinek-Mercer smoothing (Zhai and Lafferty 2001), Lucene's <c>LMJelinekMercerSimilarity</c>.</summary>
    LmJelinekMercer,

    /// <summary>
    /// BM25+ (Lv and Zhai 2011): BM25 with its term-frequency normalization lower-bounded by delta = 1, so very long
    /// documents are not over-penalized. Uses <see cref="LuceneBm25Options.K1"/> and <see cref="LuceneBm25Options.B"/>.
    /// </summary>
    Bm25Plus,
}
