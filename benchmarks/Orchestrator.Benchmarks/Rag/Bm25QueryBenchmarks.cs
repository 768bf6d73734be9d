using BenchmarkDotNet.Attributes;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// BM25 top-100 over SciFact (5,183 abstracts), the 809 train claims in turn, one thread. The baseline,
/// <c>RawLucene</c>, is plain Lucene.Net (same analyzer, similarity and query shape, its own top-score collector) over a
/// second copy of the index; <c>Ids</c> is what the hybrid retriever does per query (term-at-a-time scoring, ids from
/// doc values); <c>LoadEveryHit</c> also loads and parses every hit's stored chunk.
/// </summary>
[MemoryDiagnoser]
public class Bm25QueryBenchmarks
{
    private EvalIndex _index = null!;
    private string[] _queries = [];
    private RAMDirectory _rawDirectory = null!;
    private Analyzer _rawAnalyzer = null!;
    private DirectoryReader _rawReader = null!;
    private IndexSearcher _rawSearcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dataset = SciFact.Load();
        _index = EvalIndex.BuildAsync(dataset, new LuceneBm25Options(), embedder: null).GetAwaiter().GetResult();
        _queries = [.. dataset.Queries.Select(q => q.Text)];

        var similarity = new BM25Similarity(1.2f, 0.75f);
        _rawDirectory = new RAMDirectory();
        _rawAnalyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        using (var writer = new IndexWriter(_rawDirectory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _rawAnalyzer) { Similarity = similarity }))
        {
            foreach (var d in dataset.Documents)
            {
                writer.AddDocument(new Document { new TextField("content", string.IsNullOrEmpty(d.Title) ? d.Text : d.Title + "\n" + d.Text, Field.Store.NO) });
            }
        }

        _rawReader = DirectoryReader.Open(_rawDirectory);
        _rawSearcher = new IndexSearcher(_rawReader) { Similarity = similarity };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _rawReader.Dispose();
        _rawAnalyzer.Dispose();
        _rawDirectory.Dispose();
    }

    [Benchmark(OperationsPerInvoke = 809)]
    public int LoadEveryHit_Top100()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            total += _index.Keyword.Search(query, 100).Count;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 809)]
    public int Ids_Top100()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            total += _index.Keyword.SearchHits(query, 100).Count;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 809)]
    public int Ids_Top100_Load10()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            var hits = _index.Keyword.SearchHits(query, 100);
            total += _index.Keyword.GetChunks(hits.Take(10).Select(h => h.ChunkId)).Count;
        }

        return total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 809)]
    public int RawLucene_Top100()
    {
        var total = 0;
        foreach (var query in _queries)
        {
            var boolean = new BooleanQuery(disableCoord: true);
            var weights = new Dictionary<string, float>(StringComparer.Ordinal);
            using (var stream = _rawAnalyzer.GetTokenStream("content", query))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                stream.Reset();
                while (stream.IncrementToken())
                {
                    var text = term.ToString();
                    weights[text] = weights.GetValueOrDefault(text) + 1f;
                }

                stream.End();
            }

            foreach (var (text, weight) in weights)
            {
                boolean.Add(new TermQuery(new Term("content", text)) { Boost = weight }, Occur.SHOULD);
            }

            total += _rawSearcher.Search(boolean, 100).ScoreDocs.Length;
        }

        return total;
    }
}
