using Lucene.Net.Search.Similarities;

namespace Orchestrator.Rag.Keyword;

/// <summary>The Lucene <see cref="Similarity"/> of each <see cref="KeywordScoring"/> model.</summary>
internal static class KeywordSimilarity
{
    /// <summary>Returns the similarity of <paramref name="scoring"/> with the parameters in <paramref name="options"/>.</summary>
    /// <param name="scoring">The model.</param>
    /// <param name="options">The options holding the model's parameters.</param>
    /// <param name="option">The option's name, for the error on an undefined value.</param>
    /// <returns>The similarity.</returns>
    public static Similarity Create(KeywordScoring scoring, LuceneBm25Options options, string option) => scoring switch
    {
        KeywordScoring.Bm25 => new BM25Similarity(options.K1, options.B),
        KeywordScoring.Bm25Plus => new Bm25PlusSimilarity(options.K1, options.B, 1f),
        KeywordScoring.DfrInExpB2 => new DFRSimilarity(new BasicModelIne(), new AfterEffectB(), new NormalizationH2(1f)),
        KeywordScoring.DfrPl2 => new DFRSimilarity(new BasicModelP(), new AfterEffectL(), new NormalizationH2(1f)),
        KeywordScoring.IbLl => new IBSimilarity(new DistributionLL(), new LambdaDF(), new NormalizationH2(1f)),
        KeywordScoring.IbSpl => new IBSimilarity(new DistributionSPL(), new LambdaDF(), new NormalizationH2(1f)),
        KeywordScoring.LmDirichlet => options.DirichletMu > 0
            ? new LMDirichletSimilarity(options.DirichletMu)
            : throw new ArgumentOutOfRangeException(nameof(options), options.DirichletMu, "LuceneBm25Options.DirichletMu must be above 0 (2000 is the usual value; about the average document length in terms also works)."),
        KeywordScoring.LmJelinekMercer => options.JelinekMercerLambda is > 0 and <= 1
            ? new LMJelinekMercerSimilarity(options.JelinekMercerLambda)
            : throw new ArgumentOutOfRangeException(nameof(options), options.JelinekMercerLambda, "LuceneBm25Options.JelinekMercerLambda must be above 0 and at most 1 (0.1 for short queries, 0.7 for long ones)."),
        _ => throw new ArgumentOutOfRangeException(nameof(scoring), scoring, $"LuceneBm25Options.{option} must be one of {string.Join(", ", Enum.GetNames<KeywordScoring>())}."),
    };
}
