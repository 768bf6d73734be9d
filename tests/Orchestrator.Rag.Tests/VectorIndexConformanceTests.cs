using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// Behaviour every <see cref="IVectorIndex"/> backend must show. Each backend derives a class that supplies a fresh, empty index.
/// </summary>
public abstract class VectorIndexConformanceTests
{
    protected abstract Task<IVectorIndex> CreateAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static float[] Direction(int i, int dims = 8)
    {
        // Vectors on a quarter circle in the first two dimensions: similarity to e1 falls with i.
        var v = new float[dims];
        var angle = i * (MathF.PI / 2) / 20;
        v[0] = MathF.Cos(angle);
        v[1] = MathF.Sin(angle);
        return v;
    }

    [Fact]
    public async Task Search_returns_nearest_first_with_cosine_scores()
    {
        var index = await CreateAsync();
        await index.UpsertAsync([.. Enumerable.Range(0, 10).Select(i => new VectorRecord(Chunks.Make("d" + i, "t" + i), Direction(i)))], Ct);

        var results = await index.SearchAsync(Direction(0), 3, cancellationToken: Ct);

        Assert.Equal(["d0", "d1", "d2"], results.Select(r => r.Chunk.DocumentId));
        Assert.Equal(1.0, results[0].Score, 4);
        Assert.True(results[0].Score > results[1].Score && results[1].Score > results[2].Score);
    }

    [Fact]
    public async Task Filter_applies_before_top_k_and_never_pads_with_filtered_chunks()
    {
        var index = await CreateAsync();
        // The 20 nearest are "news"; only 3 far ones are "law".
        await index.UpsertAsync([.. Enumerable.Range(0, 23).Select(i =>
            new VectorRecord(Chunks.Make("d" + i, "t" + i, ("kind", i >= 20 ? "law" : "news")), Direction(i)))], Ct);

        var results = await index.SearchAsync(Direction(0), 10, new MetadataFilter().Equal("kind", "law"), Ct);

        Assert.Equal(["d20", "d21", "d22"], results.Select(r => r.Chunk.DocumentId));
    }

    [Fact]
    public async Task Upserting_an_existing_chunk_id_replaces_it_and_deleting_a_document_removes_its_chunks()
    {
        var index = await CreateAsync();
        await index.UpsertAsync(
        [
            new VectorRecord(Chunks.Make("a", 0, "old"), Direction(0)),
            new VectorRecord(Chunks.Make("a", 1, "second"), Direction(5)),
            new VectorRecord(Chunks.Make("b", 0, "other"), Direction(10)),
        ], Ct);
        await index.UpsertAsync([new VectorRecord(Chunks.Make("a", 0, "new"), Direction(0))], Ct);

        Assert.Equal(3, await index.CountAsync(Ct));
        Assert.Equal("new", (await index.SearchAsync(Direction(0), 1, cancellationToken: Ct))[0].Chunk.Text);

        await index.DeleteDocumentAsync("a", Ct);

        var remaining = await index.SearchAsync(Direction(0), 10, cancellationToken: Ct);
        Assert.Equal(["b"], remaining.Select(r => r.Chunk.DocumentId));
    }
}
