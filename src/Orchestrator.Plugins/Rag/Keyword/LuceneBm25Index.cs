using System.Text.Json;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Orchestrator.Rag.Fusion;
using Orchestrator.Retrieval;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Orchestrator.Rag.Keyword;

/// <summary>
/// BM25 keyword search over chunks with Lucene.Net (English analyzer: stemming and stop words), persisted to a folder;
/// another probabilistic model can score the same index (<see cref="LuceneBm25Options.Scoring"/>, and a second list with
/// <see cref="LuceneBm25Options.SecondaryScoring"/>).
/// Queries are built from analyzed terms, never through QueryParser, so words such as NOT or AND in a question stay words.
/// <see cref="SearchHits"/> returns ids and scores without reading stored fields (hits map to ids through doc values
/// cached per segment); <see cref="Search"/> and <see cref="GetChunks"/> load the chunks.
/// </summary>
public sealed partial class LuceneBm25Index : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string DocumentField = "doc";
    private const string ContentField = "content";
    private const string TitleField = "title";
    private const string ChunkField = "chunk";
    private const string MetaPrefix = "m.";

    // Proximity windows (sequential dependence model): an ordered pair within one position of each other (room for one
    // stop word removed between them, whose position gap the analyzer keeps) and an unordered pair within 8 positions.
    private const int OrderedSlop = 1;
    private const int UnorderedSlop = 6;

    private readonly LuceneBm25Options _options;
    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly Similarity _similarity;
    private readonly Similarity? _secondary;

    /// <summary>Initializes a new instance of the <see cref="LuceneBm25Index"/> class, opening or creating the index.</summary>
    /// <param name="options">The options.</param>
    public LuceneBm25Index(LuceneBm25Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _similarity = KeywordSimilarity.Create(options.Scoring, options, nameof(options.Scoring));
        _secondary = options.SecondaryScoring is { } secondary ? KeywordSimilarity.Create(secondary, options, nameof(options.SecondaryScoring)) : null;
        _directory = options.Path is { Length: > 0 } path ? FSDirectory.Open(path) : new RAMDirectory();
        _analyzer = EnglishStemmingAnalyzer.Create(Version, options.Stemmer);
        var config = new IndexWriterConfig(Version, _analyzer)
        {
            Similarity = _similarity,
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new SimilarityFactory(_similarity));
    }

    /// <summary>Gets the number of indexed chunks (after the last refresh).</summary>
    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }
    }

    /// <summary>
    /// Gets the average length of an indexed chunk in analyzed terms (title and text, stop words removed), as the scoring
    /// models see it: a natural value for <see cref="LuceneBm25Options.DirichletMu"/>. 0 for an empty index.
    /// </summary>
    public double AverageLength
    {
        get
        {
            var searcher = _searchers.Acquire();
            try
            {
                var statistics = searcher.CollectionStatistics(ContentField);
                return statistics.MaxDoc == 0 || statistics.SumTotalTermFreq <= 0 ? 0 : (double)statistics.SumTotalTermFreq / statistics.MaxDoc;
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }
    }

    /// <summary>Adds or replaces chunks (by chunk id). Call <see cref="Commit"/> to persist.</summary>
    /// <param name="chunks">The chunks.</param>
    public void Upsert(IEnumerable<DocumentChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            _writer.UpdateDocument(new Term(IdField, chunk.Id), ToLucene(chunk));
        }

        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Removes every chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    public void DeleteDocument(string documentId)
    {
        _writer.DeleteDocuments(new Term(DocumentField, documentId));
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Flushes and persists pending changes.</summary>
    public void Commit()
    {
        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Returns the analyzed terms of <paramref name="text"/> (lower-cased, stop words removed, stemmed).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The terms in order, duplicates kept.</returns>
    public IReadOnlyList<string> Analyze(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream(ContentField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Searches with BM25, applying the filter before the top k, and loads the chunks found.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="topK">How many chunks to return.</param>
    /// <param name="filter">An optional metadata filter.</param>
    /// <returns>The chunks, best first.</returns>
    public IReadOnlyList<ScoredChunk> Search(string query, int topK, MetadataFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var weights = Expand(QueryWeights(query), filter);
        return weights.Count == 0 ? [] : Run(weights, topK, filter, Hydrate, ProximityPairs(query));
    }

    /// <summary>
    /// Searches with BM25, applying the filter before the top k, and returns ids and scores only: no stored field is
    /// read, so this is the call to make when the hits are fused or reranked before any is shown.
    /// Load the final ones with <see cref="GetChunks"/>.
    /// </summary>
    /// <param name="query">The query text.</param>
    /// <param name="topK">How many hits to return.</param>
    /// <param name="filter">An optional metadata filter.</param>
    /// <returns>The hits, best first (equal scores in index order).</returns>
    public IReadOnlyList<ChunkHit> SearchHits(string query, int topK, MetadataFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var weights = Expand(QueryWeights(query), filter);
        return weights.Count == 0 ? [] : Run(weights, topK, filter, ToHits, ProximityPairs(query));
    }

    /// <summary>
    /// Searches with term proximity alone: for each pair of adjacent analyzed query terms, the pair in order within one
    /// position and in any order within 8 positions (weighted 2 : 1, as the sequential dependence model weights them),
    /// each scored by BM25 over its sloppy frequency. A chunk that holds no query pair close together is not returned,
    /// so the list is often shorter than <paramref name="topK"/>; a query of fewer than two distinct terms returns none.
    /// Ids and scores only, as <see cref="SearchHits"/>.
    /// </summary>
    /// <param name="query">The query text.</param>
    /// <param name="topK">How many hits to return.</param>
    /// <param name="filter">An optional metadata filter.</param>
    /// <returns>The hits, best first.</returns>
    public IReadOnlyList<ChunkHit> ProximityHits(string query, int topK, MetadataFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pairs = Pairs(query);
        if (pairs.Count == 0)
        {
            return [];
        }

        var proximity = new BooleanQuery(disableCoord: true);
        AddProximity(proximity, pairs, 1f);
        return RunQuery(proximity, topK, filter, ToHits);
    }

    /// <summary>
    /// Searches with the second scoring model (<see cref="LuceneBm25Options.SecondaryScoring"/>) over the same index: the
    /// analyzed query terms, filtered before the top k, without the title clause, proximity or feedback. Ids and scores
    /// only, as <see cref="SearchHits"/>; empty when no second model is configured.
    /// </summary>
    /// <param name="query">The query text.</param>
    /// <param name="topK">How many hits to return.</param>
    /// <param name="filter">An optional metadata filter.</param>
    /// <returns>The hits, best first.</returns>
    public IReadOnlyList<ChunkHit> SecondaryHits(string query, int topK, MetadataFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_secondary is null)
        {
            return [];
        }

        var weights = QueryWeights(query);
        if (weights.Count == 0)
        {
            return [];
        }

        if (filter is null || filter.IsEmpty)
        {
            var searcher = _searchers.Acquire();
            try
            {
                return ToHits(searcher, TermAtATimeScorer.Search(searcher, _secondary, ContentField, weights, topK));
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }

        var terms = new BooleanQuery(disableCoord: true);
        foreach (var (term, weight) in weights.Take(BooleanQuery.MaxClauseCount))
        {
            terms.Add(new TermQuery(new Term(ContentField, term)) { Boost = weight }, Occur.SHOULD);
        }

        return RunQuery(terms, topK, filter, ToHits, _secondary);
    }

    /// <summary>Searches with weighted analyzed terms (e.g. after pseudo-relevance feedback) and loads the chunks found.</summary>
    /// <param name="weightedTerms">Analyzed terms and their weights.</param>
    /// <param name="topK">How many chunks to return.</param>
    /// <param name="filter">An optional metadata filter.</param>
    /// <returns>The chunks, best first.</returns>
    public IReadOnlyList<ScoredChunk> SearchTerms(IReadOnlyDictionary<string, float> weightedTerms, int topK, MetadataFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(weightedTerms);
        return weightedTerms.Count == 0 ? [] : Run(weightedTerms, topK, filter, Hydrate);
    }

    /// <summary>
    /// Returns the exact BM25 score of <paramref name="query"/> for each given chunk (or, with
    /// <paramref name="byDocument"/>, each given document: its best chunk), whether or not it made the top k:
    /// what fusion uses instead of guessing a score for a result only the other retriever found. Ids not in the index
    /// are left out; indexed ones that match no query term score 0.
    /// </summary>
    /// <param name="query">The query text.</param>
    /// <param name="ids">Chunk ids, or document ids with <paramref name="byDocument"/>.</param>
    /// <param name="byDocument">Whether <paramref name="ids"/> are document ids.</param>
    /// <returns>Id to score.</returns>
    public IReadOnlyDictionary<string, double> ScoreOf(string query, IReadOnlyCollection<string> ids, bool byDocument)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(ids);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var weights = Expand(QueryWeights(query), filter: null);
        var searcher = _searchers.Acquire();
        try
        {
            var field = byDocument ? DocumentField : IdField;
            var owners = new Dictionary<int, string>();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var terms = leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
                if (terms is null)
                {
                    continue;
                }

                DocsEnum? docs = null;
                foreach (var id in ids)
                {
                    if (!terms.SeekExact(new BytesRef(id)))
                    {
                        continue;
                    }

                    docs = terms.Docs(leaf.AtomicReader.LiveDocs, docs, DocsFlags.NONE);
                    for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                    {
                        owners[leaf.DocBase + doc] = id;
                    }
                }
            }

            if (owners.Count == 0)
            {
                return result;
            }

            foreach (var (doc, score) in TermAtATimeScorer.Score(searcher, _similarity, ContentField, weights, owners.Keys))
            {
                var id = owners[doc];
                result[id] = Math.Max(result.GetValueOrDefault(id, double.NegativeInfinity), score);
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }

        return result;
    }

    /// <summary>Returns the stored chunk with the given id, or <see langword="null"/>.</summary>
    /// <param name="chunkId">The chunk id.</param>
    /// <returns>The chunk.</returns>
    public DocumentChunk? Get(string chunkId)
    {
        ArgumentNullException.ThrowIfNull(chunkId);
        return GetChunks([chunkId]).GetValueOrDefault(chunkId);
    }

    /// <summary>Loads the stored chunks with the given ids (ids not in the index are left out).</summary>
    /// <param name="chunkIds">The chunk ids.</param>
    /// <returns>Chunk id to chunk.</returns>
    public IReadOnlyDictionary<string, DocumentChunk> GetChunks(IEnumerable<string> chunkIds)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        var result = new Dictionary<string, DocumentChunk>(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            var leaves = searcher.IndexReader.Leaves;
            foreach (var id in chunkIds)
            {
                if (!result.ContainsKey(id) && FindLive(leaves, id) is { } found)
                {
                    result[id] = FromLucene(found.Reader.Document(found.Doc));
                }
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    // A live doc with this chunk id: a term lookup per segment, no query scoring.
    private static (AtomicReader Reader, int Doc)? FindLive(IList<AtomicReaderContext> leaves, string chunkId)
    {
        var bytes = new BytesRef(chunkId);
        foreach (var leaf in leaves)
        {
            var reader = leaf.AtomicReader;
            var terms = reader.GetTerms(IdField)?.GetEnumerator();
            if (terms is null || !terms.SeekExact(bytes))
            {
                continue;
            }

            var doc = terms.Docs(reader.LiveDocs, null, DocsFlags.NONE).NextDoc();
            if (doc != DocIdSetIterator.NO_MORE_DOCS)
            {
                return (reader, doc);
            }
        }

        return null;
    }

    private T[] Run<T>(
        IReadOnlyDictionary<string, float> weights,
        int topK,
        MetadataFilter? filter,
        Func<IndexSearcher, (int Doc, float Score)[], T[]> project,
        IReadOnlyList<(string First, string Second)>? pairs = null)
    {
        // Unfiltered content-only queries (the common case) are scored term at a time, with the same scores;
        // filters, the title clause and proximity go through Lucene's boolean query.
        if ((filter is null || filter.IsEmpty) && _options.TitleBoost <= 0 && (pairs is not { Count: > 0 } || _options.ProximityWeight <= 0))
        {
            var searcher = _searchers.Acquire();
            try
            {
                return project(searcher, TermAtATimeScorer.Search(searcher, _similarity, ContentField, weights, topK));
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }

        return RunQuery(BuildQuery(weights, pairs), topK, filter, project);
    }

    private T[] RunQuery<T>(Query query, int topK, MetadataFilter? filter, Func<IndexSearcher, (int Doc, float Score)[], T[]> project, Similarity? similarity = null)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var collector = new TopHitsCollector(Math.Max(1, topK));

            // Another model scores the same reader through a searcher of its own (a searcher is a light wrapper).
            var scoring = similarity is null ? searcher : new IndexSearcher(searcher.IndexReader) { Similarity = similarity };
            scoring.Search(query, BuildFilter(filter), collector);
            return project(searcher, collector.Drain());
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static ScoredChunk[] Hydrate(IndexSearcher searcher, (int Doc, float Score)[] hits)
    {
        var result = new ScoredChunk[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            result[i] = new ScoredChunk(FromLucene(searcher.Doc(hits[i].Doc)), hits[i].Score);
        }

        return result;
    }

    private static ChunkHit[] ToHits(IndexSearcher searcher, (int Doc, float Score)[] hits)
    {
        var leaves = searcher.IndexReader.Leaves;
        var result = new ChunkHit[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var leaf = leaves[ReaderUtil.SubIndex(hits[i].Doc, leaves)];
            var ids = SegmentChunkIds.For(leaf.AtomicReader, IdField, DocumentField, ReadStoredIds);
            var doc = hits[i].Doc - leaf.DocBase;
            result[i] = new ChunkHit(ids.ChunkIds[doc], ids.DocumentIds[doc], hits[i].Score);
        }

        return result;
    }

    private static (string ChunkId, string DocumentId) ReadStoredIds(AtomicReader reader, int doc)
    {
        var chunk = FromLucene(reader.Document(doc));
        return (chunk.Id, chunk.DocumentId);
    }

    private static QueryWrapperFilter? BuildFilter(MetadataFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var all = new BooleanQuery();
        foreach (var (key, values) in filter.Conditions)
        {
            var any = new BooleanQuery();
            foreach (var value in values)
            {
                any.Add(new TermQuery(new Term(MetaPrefix + key, value)), Occur.SHOULD);
            }

            all.Add(any, Occur.MUST);
        }

        return new QueryWrapperFilter(all);
    }

    private static Document ToLucene(DocumentChunk chunk)
    {
        var content = string.IsNullOrEmpty(chunk.Title) ? chunk.Text : chunk.Title + "\n" + chunk.Text;
        var doc = new Document
        {
            new StringField(IdField, chunk.Id, Field.Store.NO),
            new StringField(DocumentField, chunk.DocumentId, Field.Store.NO),

            // Doc values: search maps hits to ids through a per-segment array instead of reading stored fields.
            new SortedDocValuesField(IdField, new BytesRef(chunk.Id)),
            new SortedDocValuesField(DocumentField, new BytesRef(chunk.DocumentId)),
            new TextField(ContentField, content, Field.Store.NO),
            new TextField(TitleField, chunk.Title ?? string.Empty, Field.Store.NO),
            new StoredField(ChunkField, JsonSerializer.Serialize(chunk, RagJsonContext.Default.DocumentChunk)),
        };
        foreach (var (key, value) in chunk.Metadata)
        {
            doc.Add(new StringField(MetaPrefix + key, value, Field.Store.NO));
        }

        return doc;
    }

    private static DocumentChunk FromLucene(Document doc) =>
        JsonSerializer.Deserialize(doc.Get(ChunkField, System.Globalization.CultureInfo.InvariantCulture), RagJsonContext.Default.DocumentChunk)
        ?? throw new InvalidDataException("A Lucene document has no stored chunk; the index was written by something else.");

    private sealed class SimilarityFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}
