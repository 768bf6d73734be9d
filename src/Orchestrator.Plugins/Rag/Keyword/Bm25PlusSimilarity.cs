using System.Globalization;
using Lucene.Net.Search.Similarities;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// BM25+ (Lv and Zhai, "Lower-bounding term frequency normalization", CIKM 2011): BM25's term score plus a constant
/// delta for every matching term, so a long document that holds a query term never scores below a short one that lacks
/// it (plain BM25's length normalization can push a matching term's score in a very long document towards 0). Built on
/// <see cref="SimilarityBase"/>, which stores and reads document lengths exactly as <see cref="BM25Similarity"/> does.
/// The idf is Lucene BM25's, <c>log(1 + (N - n + 0.5) / (n + 0.5))</c>.
/// </summary>
internal sealed class Bm25PlusSimilarity(float k1, float b, float delta) : SimilarityBase
{
    public override float Score(BasicStats stats, float freq, float docLen)
    {
        var idf = Math.Log(1 + ((stats.NumberOfDocuments - stats.DocFreq + 0.5) / (stats.DocFreq + 0.5)));
        var norm = k1 * (1 - b + (b * docLen / stats.AvgFieldLength));
        return (float)(stats.TotalBoost * idf * ((((k1 + 1) * freq) / (freq + norm)) + delta));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BM25+(k1={k1},b={b},delta={delta})");
}
