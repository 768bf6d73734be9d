using System.Numerics.Tensors;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>The sentence-centroid view: each chunk's unit mean of its stored sentence vectors, as a list or in place of the chunk vector.</summary>
public sealed class SentenceCentroidTests
{
    private static readonly DocumentChunk[] Corpus =
    [
        Chunks.Make("rivers", "Railroad companies built bridges across rivers. Rivers flooded the valley farms. Bridges need steel.", ("year", "2001")),
        Chunks.Make("farms", "Farmers harvested wheat each autumn. Valley farms grew corn and barley.", ("year", "2002")),
        Chunks.Make("steel", "Steel mills opened near the rivers.", ("year", "2002")),
    ];

    [Fact]
    public async Task A_centroid_is_the_unit_mean_of_the_chunks_stored_sentence_vectors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        var sentences = new EmbeddedVectorIndex();
        await SentenceVectors.IndexAsync(Corpus, embedder, sentences, cancellationToken: ct);
        var callsAfterIndexing = embedder.Calls;

        var all = await SentenceVectors.CentroidsAsync(Corpus, sentences, cancellationToken: ct);
        var multi = await SentenceVectors.CentroidsAsync(Corpus, sentences, minimumSentences: 2, cancellationToken: ct);

        Assert.Equal(callsAfterIndexing, embedder.Calls); // no new embeddings
        Assert.Equal(["rivers#0", "farms#0", "steel#0"], all.Select(r => r.Chunk.Id));
        Assert.Equal(["rivers#0", "farms#0"], multi.Select(r => r.Chunk.Id));
        var ids = SentenceVectors.Split(Corpus[0]).Select(s => s.Id).ToArray();
        var stored = await sentences.GetVectorsAsync(ids, ct);
        var mean = new float[HashingEmbedder.Dimensions];
        foreach (var vector in stored.Values)
        {
            TensorPrimitives.Add(mean, vector.Span, mean);
        }

        TensorPrimitives.Divide(mean, TensorPrimitives.Norm(mean), mean);
        Assert.Equal(3, stored.Count);
        Assert.True(TensorPrimitives.Distance(mean, all[0].Vector.Span) < 1e-5f);
        Assert.All(all, r => Assert.Equal(1f, TensorPrimitives.Norm(r.Vector.Span), 5));

        // A one-sentence chunk's centroid is its sentence's vector.
        var steel = (await sentences.GetVectorsAsync([SentenceVectors.MakeId("steel#0", 0)], ct)).Single().Value;
        Assert.True(TensorPrimitives.Distance(steel.Span, all[2].Vector.Span) < 1e-5f);
        Assert.Equal("2001", all[0].Chunk.Metadata["year"]);
    }

    [Fact]
    public async Task The_centroid_list_alone_ranks_chunks_by_their_centroid_cosine_and_honours_the_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        using var keyword = TestIndexes.Keyword(Corpus);
        var vectors = await TestIndexes.VectorsAsync(Corpus, embedder, ct);
        var sentences = new EmbeddedVectorIndex();
        await SentenceVectors.IndexAsync(Corpus, embedder, sentences, cancellationToken: ct);
        var centroids = new EmbeddedVectorIndex();
        await centroids.UpsertAsync(await SentenceVectors.CentroidsAsync(Corpus, sentences, cancellationToken: ct), ct);
        var fusion = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 0, CentroidWeight = 1 };
        var retriever = new HybridRetriever(keyword, vectors, sentences, embedder, new HybridRetrieverOptions { Fusion = fusion }, centroids: centroids);
        const string Query = "valley farms and rivers";

        var results = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 3 }, ct);

        var query = (await embedder.GenerateAsync([Query], cancellationToken: ct))[0].Vector;
        var byCentroid = await centroids.SearchAsync(query, 3, cancellationToken: ct);
        Assert.Equal(byCentroid.Select(h => h.Chunk.Id), results.Select(r => r.Chunk.Id));
        Assert.Equal(Corpus.Single(c => c.Id == results[0].Chunk.Id).Text, results[0].Chunk.Text);

        var filtered = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 3, Filter = new MetadataFilter().Equal("year", "2002") }, ct);
        Assert.Equal(byCentroid.Where(h => h.Chunk.Metadata["year"] == "2002").Select(h => h.Chunk.Id), filtered.Select(r => r.Chunk.Id));

        // Without a centroid index the weight has nothing to fuse: the list is left out, as the sentence list is.
        var without = new HybridRetriever(keyword, vectors, sentences, embedder, new HybridRetrieverOptions { Fusion = fusion });
        Assert.Empty(await without.RetrieveAsync(Query, new RetrievalOptions { TopK = 3 }, ct));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            retriever.RetrieveAsync(Query, new RetrievalOptions { Fusion = new FusionOptions { CentroidWeight = -1 } }, ct));
        Assert.Contains("CentroidWeight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_index_replaces_only_the_whole_document_vectors_of_multi_sentence_documents()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        var dataset = new EvalDataset(
            "mini",
            [new("d1", "Rivers", "Rivers flooded the farms. Bridges need steel. Mills opened."), new("d2", "Steel", "Steel mills opened near the rivers.")],
            [new("q1", "rivers")],
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["q1"] = new Dictionary<string, int> { ["d1"] = 1 } });
        using var index = await EvalIndex.BuildAsync(dataset, new LuceneBm25Options(), embedder, passages: null, sentenceVectors: true, cancellationToken: ct);

        var (replaced, count) = await index.VectorsWithCentroidsAsync(ct);

        Assert.Equal(1, count);
        Assert.Equal(2, await replaced.CountAsync(ct));
        var original = await index.Vectors.GetVectorsAsync(["d1#0", "d2#0"], ct);
        var copy = await replaced.GetVectorsAsync(["d1#0", "d2#0"], ct);
        var centroids = await (await index.CentroidsAsync(ct)).GetVectorsAsync(["d1#0"], ct);
        Assert.Equal(centroids["d1#0"].ToArray(), copy["d1#0"].ToArray());
        Assert.NotEqual(original["d1#0"].ToArray(), copy["d1#0"].ToArray());
        Assert.Equal(original["d2#0"].ToArray(), copy["d2#0"].ToArray()); // one sentence: its own vector (with the title) stays
        Assert.Equal(original["d1#0"].ToArray(), (await index.Vectors.GetVectorsAsync(["d1#0"], ct))["d1#0"].ToArray()); // the source index is untouched
    }
}
