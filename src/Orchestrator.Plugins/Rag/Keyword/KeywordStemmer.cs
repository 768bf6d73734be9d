namespace Orchestrator.Rag.Keyword;

/// <summary>
/// How the BM25 index's English analysis reduces words to their stems. Every choice keeps the same tokenizer, lower
/// casing and stop words; only the stemming step (and, for <see cref="PorterKeepPossessives"/>, the possessive filter)
/// changes. A persisted index must be rebuilt when this changes (<see cref="Ingestion.RagIndex"/> re-indexes each
/// document on its next ingestion).
/// </summary>
public enum KeywordStemmer
{
    /// <summary>Lucene's <c>EnglishAnalyzer</c>: possessive "'s" removed, then the Porter stemmer (the default).</summary>
    Porter,

    /// <summary>The Porter stemmer without the possessive filter ("patient's" becomes "patient'", apart from "patient").</summary>
    PorterKeepPossessives,

    /// <summary>
    /// The Krovetz stemmer (<c>KStemFilter</c>): inflections and some derivations, each result checked against a
    /// dictionary so it stays a word ("proteins" to "protein", "activation" to "activate", but "organization" stays apart
    /// from "organ").
    /// </summary>
    Krovetz,

    /// <summary>Lucene's minimal English stemmer (<c>EnglishMinimalStemFilter</c>): plural endings only.</summary>
    Minimal,

    /// <summary>No stemming: possessives removed, words lower-cased, stop words dropped.</summary>
    None,
}
