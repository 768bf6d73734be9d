using System.Diagnostics.CodeAnalysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// <c>EnglishAnalyzer</c>'s chain (standard tokenizer, possessive filter, lower case, English stop words) with the
/// stemming step chosen by <see cref="KeywordStemmer"/>.
/// </summary>
internal sealed class EnglishStemmingAnalyzer(LuceneVersion version, KeywordStemmer stemmer) : StopwordAnalyzerBase(version, EnglishAnalyzer.DefaultStopSet)
{
    /// <summary>Returns the analyzer for <paramref name="stemmer"/>: Lucene's own <c>EnglishAnalyzer</c> for Porter, so the default is untouched.</summary>
    public static Analyzer Create(LuceneVersion version, KeywordStemmer stemmer) =>
        stemmer == KeywordStemmer.Porter ? new EnglishAnalyzer(version)
        : Enum.IsDefined(stemmer) ? new EnglishStemmingAnalyzer(version, stemmer)
        : throw new ArgumentOutOfRangeException(nameof(stemmer), stemmer, $"LuceneBm25Options.Stemmer must be one of {string.Join(", ", Enum.GetNames<KeywordStemmer>())}.");

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The chain belongs to the returned TokenStreamComponents; the analyzer disposes it with itself, as EnglishAnalyzer does.")]
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(m_matchVersion, reader);
        TokenStream result = new StandardFilter(m_matchVersion, source);
        if (stemmer != KeywordStemmer.PorterKeepPossessives)
        {
            result = new EnglishPossessiveFilter(m_matchVersion, result);
        }

        result = new LowerCaseFilter(m_matchVersion, result);
        result = new StopFilter(m_matchVersion, result, m_stopwords);
        result = stemmer switch
        {
            KeywordStemmer.PorterKeepPossessives => new PorterStemFilter(result),
            KeywordStemmer.Krovetz => new KStemFilter(result),
            KeywordStemmer.Minimal => new EnglishMinimalStemFilter(result),
            _ => result, // None; Porter is EnglishAnalyzer itself (see Create)
        };
        return new TokenStreamComponents(source, result);
    }
}
