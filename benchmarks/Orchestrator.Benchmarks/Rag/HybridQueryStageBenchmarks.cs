using BenchmarkDotNet.Attributes;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// Where a default hybrid query's time goes: the whole query (the baseline) and each of its stages alone, over the
/// index of <see cref="HybridQueryBenchmarks"/> (fp32, the default precision). Each stage gets the inputs it has inside
/// a real query (query vector, hit lists), precomputed per query in the setup, so the stage rows add up to about the
/// whole; the two vector scans also run the former way (every row in float). One query per iteration (<see cref="PerQueryConfig"/>).
/// </summary>
[Config(typeof(PerQueryConfig))]
public class HybridQueryStageBenchmarks
{
    private const int Depth = 100;
    private const int TopK = 10;

    private readonly FusionOptions _fusion = new();
    private EvalIndex _index = null!;
    private MiniLmEmbeddingGenerator _model = null!;
    private MiniLmEmbeddingGenerator _oneThread = null!;
    private HybridRetriever _retriever = null!;
    private string[] _queries = [];
    private Prepared[] _prepared = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        _oneThread = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, IntraOpThreads = 1 });
        (_index, _queries) = HybridQueryIndex.BuildAsync(_model, MiniLmPrecision.Float32).GetAwaiter().GetResult();
        _retriever = new HybridRetriever(_index.Keyword, _index.Vectors, _index.Sentences, _model, new HybridRetrieverOptions { Fusion = _fusion });

        // 20 warm-up + 300 measured iterations: one prepared query each.
        var (passages, sentences) = (_index.Vectors.RescoredRows, _index.Sentences.RescoredRows);
        _prepared = [.. _queries.Take(320).Select(Prepare)];
        Console.WriteLine(
            $"// Rows scored in float per query: passages {(_index.Vectors.RescoredRows - passages) / 320.0:F0} of {_index.Vectors.CountAsync().Result}, " +
            $"sentences {(_index.Sentences.RescoredRows - sentences) / 320.0:F0} of {_index.Sentences.CountAsync().Result}");
        var identical = _prepared.Take(100).Select((p, i) => _oneThread.GenerateAsync([_queries[i]]).Result[0].Vector.Span.SequenceEqual(p.Vector)).Count(same => same);
        Console.WriteLine($"// One intra-op thread gives bit-identical query vectors for {identical} of 100 queries");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _model.Dispose();
        _oneThread.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> WholeQuery() =>
        (await _retriever.RetrieveAsync(_queries[_next++ % _prepared.Length], new RetrievalOptions { TopK = TopK })).Count;

    [Benchmark]
    public async Task<int> QueryEmbedding() =>
        (await _model.GenerateAsync([_queries[_next++ % _prepared.Length]])).Count;

    /// <summary>The query embedding on one ONNX Runtime intra-op thread instead of one per core.</summary>
    [Benchmark]
    public async Task<int> QueryEmbedding_OneIntraOpThread() =>
        (await _oneThread.GenerateAsync([_queries[_next++ % _prepared.Length]])).Count;

    [Benchmark]
    public int Bm25Top100() => _index.Keyword.SearchHits(_queries[_next++ % _prepared.Length], Depth).Count;

    [Benchmark]
    public async Task<int> PassageScanTop100() =>
        (await _index.Vectors.SearchAsync(_prepared[_next++ % _prepared.Length].Vector, Depth)).Count;

    [Benchmark]
    public int PassageScanTop100_EveryRowInFloat() =>
        _index.Vectors.SearchEveryRowInFloat(_prepared[_next++ % _prepared.Length].Vector, Depth).Count;

    [Benchmark]
    public int SentenceScanTop1000_EveryRowInFloat() =>
        _index.Sentences.SearchEveryRowInFloat(_prepared[_next++ % _prepared.Length].Vector, _fusion.SentenceCandidateDepth).Count;

    [Benchmark]
    public async Task<int> SentenceScanTop1000() =>
        (await _index.Sentences.SearchAsync(_prepared[_next++ % _prepared.Length].Vector, _fusion.SentenceCandidateDepth)).Count;

    /// <summary>The sentence scan with its first pass on the calling thread alone (before it was split over the cores).</summary>
    [Benchmark]
    public async Task<int> SentenceScanTop1000_OnePart() =>
        (await _index.Sentences.SearchAsync(_prepared[_next++ % _prepared.Length].Vector, _fusion.SentenceCandidateDepth, filter: null, maxParts: 1, CancellationToken.None)).Count;

    [Benchmark]
    public int SentencePoolingByChunk() =>
        SentenceVectors.PoolByChunk(_prepared[_next++ % _prepared.Length].Sentences, _fusion.SentencePooling).Count;

    [Benchmark]
    public int Fusion()
    {
        var p = _prepared[_next++ % _prepared.Length];
        var lists = ScoreFusion.BestChunkPerDocument([(p.Dense, _fusion.DenseWeight), (p.Keyword, _fusion.KeywordWeight), (p.Pooled, _fusion.SentenceWeight)]);
        return ScoreFusion.Weighted(lists, TopK, _fusion.Normalization, _fusion.ByDocument).Count;
    }

    [Benchmark]
    public int LoadKeywordOnlyResults() => _index.Keyword.GetChunks(_prepared[_next++ % _prepared.Length].KeywordOnly).Count;

    private Prepared Prepare(string query)
    {
        var vector = _model.GenerateAsync([query]).GetAwaiter().GetResult()[0].Vector.ToArray();
        var dense = _index.Vectors.SearchAsync(vector, Depth).GetAwaiter().GetResult()
            .Select(h => new ChunkHit(h.Chunk.Id, h.Chunk.DocumentId, h.Score)).ToArray();
        var keyword = _index.Keyword.SearchHits(query, Depth);
        var sentences = _index.Sentences.SearchAsync(vector, _fusion.SentenceCandidateDepth).GetAwaiter().GetResult()
            .Select(h => new ChunkHit(h.Chunk.Id, h.Chunk.DocumentId, h.Score)).ToArray();
        var pooled = SentenceVectors.PoolByChunk(sentences, _fusion.SentencePooling);
        var lists = ScoreFusion.BestChunkPerDocument([(dense, _fusion.DenseWeight), (keyword, _fusion.KeywordWeight), (pooled, _fusion.SentenceWeight)]);
        var fused = ScoreFusion.Weighted(lists, TopK, _fusion.Normalization, _fusion.ByDocument);
        var inDense = dense.Select(h => h.ChunkId).ToHashSet(StringComparer.Ordinal);
        return new Prepared(vector, dense, keyword, sentences, pooled, [.. fused.Select(h => h.ChunkId).Where(id => !inDense.Contains(id))]);
    }

    private sealed record Prepared(
        float[] Vector, ChunkHit[] Dense, IReadOnlyList<ChunkHit> Keyword, ChunkHit[] Sentences, IReadOnlyList<ChunkHit> Pooled, string[] KeywordOnly);
}
