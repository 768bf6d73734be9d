using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class EmbeddedVectorIndexTests
{
    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    [Fact]
    public async Task Saved_index_loads_with_the_same_chunks_and_rankings()
    {
        var index = new EmbeddedVectorIndex();
        await index.UpsertAsync(
        [
            new VectorRecord(Chunks.Make("a", "alpha", ("lang", "en")), Unit(1, 0, 0)),
            new VectorRecord(Chunks.Make("b", "beta"), Unit(0.9f, 0.1f, 0)),
            new VectorRecord(Chunks.Make("c", "gamma"), Unit(0, 0, 1)),
        ], TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), "orch-vec-" + Guid.NewGuid().ToString("N"));

        try
        {
            await index.SaveAsync(path, TestContext.Current.CancellationToken);
            var loaded = await EmbeddedVectorIndex.LoadAsync(path, TestContext.Current.CancellationToken);

            var before = await index.SearchAsync(Unit(1, 0.05f, 0), 3, cancellationToken: TestContext.Current.CancellationToken);
            var after = await loaded.SearchAsync(Unit(1, 0.05f, 0), 3, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(before.Select(r => (r.Chunk.Id, r.Score)), after.Select(r => (r.Chunk.Id, r.Score)));
            Assert.Equal("en", after[0].Chunk.Metadata["lang"]);
            Assert.Equal(3, await loaded.CountAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".chunks.json");
        }
    }
}
