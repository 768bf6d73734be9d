using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>The keyword index's stemmer choice (<see cref="LuceneBm25Options.Stemmer"/>) on real indexes.</summary>
public sealed class KeywordStemmerTests
{
    // Scientific vocabulary of the kind SciFact abstracts use: plurals, a possessive and derived forms.
    private const string Abstract = "The organization of chromatin in the patient's cells was studied. " +
        "Mutations in the receptor proteins reduced binding, and activation of the organs' immune responses was measured.";

    [Fact]
    public void Porter_is_lucenes_english_analyzer_term_for_term()
    {
        using var index = new LuceneBm25Index(new LuceneBm25Options { Stemmer = KeywordStemmer.Porter });
        using var english = new EnglishAnalyzer(LuceneVersion.LUCENE_48);

        Assert.Equal(Analyze(english, Abstract), index.Analyze(Abstract));
        Assert.Equal(KeywordStemmer.Porter, new LuceneBm25Options().Stemmer);
    }

    [Fact]
    public void Each_stemmer_reduces_the_same_words_differently()
    {
        IReadOnlyList<string> Terms(KeywordStemmer stemmer, string text)
        {
            using var index = new LuceneBm25Index(new LuceneBm25Options { Stemmer = stemmer });
            return index.Analyze(text);
        }

        const string Words = "organization organs proteins studies activation responses patient's";
        Assert.Equal(["organ", "organ", "protein", "studi", "activ", "respons", "patient"], Terms(KeywordStemmer.Porter, Words));

        // Krovetz maps a derived form to a dictionary word only where it keeps the meaning: "activation" to "activate",
        // but "organization" stays apart from "organ".
        Assert.Equal(["organization", "organ", "protein", "study", "activate", "response", "patient"], Terms(KeywordStemmer.Krovetz, Words));
        Assert.Equal(["organization", "organ", "protein", "study", "activation", "response", "patient"], Terms(KeywordStemmer.Minimal, Words));
        Assert.Equal(["organization", "organs", "proteins", "studies", "activation", "responses", "patient"], Terms(KeywordStemmer.None, Words));
        Assert.Equal("patient'", Terms(KeywordStemmer.PorterKeepPossessives, Words)[^1]);
    }

    [Fact]
    public void Krovetz_keeps_apart_documents_that_porter_conflates()
    {
        DocumentChunk[] chunks =
        [
            Chunks.Make("transplant", "Organ transplantation outcomes in elderly recipients."),
            Chunks.Make("hospital", "The organization of hospital care after surgery."),
        ];
        IReadOnlyList<string> Found(KeywordStemmer stemmer)
        {
            using var index = TestIndexes.Keyword(chunks, new LuceneBm25Options { Stemmer = stemmer });
            return [.. index.SearchHits("organ donors", 10).Select(h => h.DocumentId)];
        }

        Assert.Equal(["hospital", "transplant"], Found(KeywordStemmer.Porter).Order(StringComparer.Ordinal));
        Assert.Equal(["transplant"], Found(KeywordStemmer.Krovetz));
    }

    [Fact]
    public void An_undefined_stemmer_is_refused_with_the_option_and_its_values_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LuceneBm25Index(new LuceneBm25Options { Stemmer = (KeywordStemmer)42 }));

        Assert.Contains("LuceneBm25Options.Stemmer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Krovetz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_stemmer_reindexes_each_document_and_its_queries_use_the_new_stems()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("orch-stemmer-").FullName;
        try
        {
            var embedder = new HashingEmbedder();
            RagIndexOptions Options(KeywordStemmer stemmer) => new()
            {
                Directory = dir,
                Bm25 = new LuceneBm25Options { Stemmer = stemmer },
                Retrieval = new() { Mode = Retrieval.RetrievalMode.Keyword },
            };
            SourceDocument[] documents =
            [
                new("hospital.txt", "The organization of hospital care after surgery.", "hospital", new Dictionary<string, string>()),
                new("transplant.txt", "Organ transplantation outcomes in elderly recipients.", "transplant", new Dictionary<string, string>()),
            ];

            using (var porter = await RagIndex.OpenAsync(Options(KeywordStemmer.Porter), embedder, ct))
            {
                Assert.Equal(new IngestResult(2, 0, 0, 2), await porter.IngestAsync(documents, cancellationToken: ct));
                Assert.Equal(2, (await porter.Retriever.RetrieveAsync("organ", new RetrievalOptions { TopK = 10 }, ct)).Count);
                Assert.Equal(new IngestResult(0, 0, 2, 0), await porter.IngestAsync(documents, cancellationToken: ct));
            }

            using var krovetz = await RagIndex.OpenAsync(Options(KeywordStemmer.Krovetz), embedder, ct);
            Assert.Equal(new IngestResult(0, 2, 0, 2), await krovetz.IngestAsync(documents, cancellationToken: ct));
            var hits = await krovetz.Retriever.RetrieveAsync("organ", new RetrievalOptions { TopK = 10 }, ct);
            Assert.Equal(["transplant.txt"], hits.Select(h => h.Chunk.DocumentId));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Analyze(EnglishAnalyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("content", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }
}
