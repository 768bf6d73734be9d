using System.Numerics.Tensors;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The embedded index's two-pass search (an int8 first pass, float rescoring of the rows that can still be in the top
/// k) must return exactly what scoring every row in float returns: the same rows, in the same order, with the same scores.
/// </summary>
public sealed class EmbeddedVectorIndexScanTests(SotuSentenceVectors sotu) : IClassFixture<SotuSentenceVectors>
{
    // A full float scan: every row's TensorPrimitives.Dot, best first, ties by row.
    private static (string Id, double Score)[] FullScan(IReadOnlyList<VectorRecord> rows, float[] query, int topK, Func<DocumentChunk, bool>? keep = null) =>
        [.. rows.Select((r, row) => (r.Chunk, Row: row, Score: (double)TensorPrimitives.Dot(query, r.Vector.Span)))
            .Where(r => keep is null || keep(r.Chunk))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Row)
            .Take(topK)
            .Select(r => (r.Chunk.Id, r.Score))];

    private static async Task<(string Id, double Score)[]> SearchAsync(EmbeddedVectorIndex index, float[] query, int topK, MetadataFilter? filter = null) =>
        [.. (await index.SearchAsync(query, topK, filter, TestContext.Current.CancellationToken)).Select(h => (h.Chunk.Id, h.Score))];

    private IEnumerable<float[]> Queries() => sotu.Questions.Concat(sotu.Records.Where((_, i) => i % 25 == 0).Select(r => r.Vector.ToArray()));

    [Fact]
    public async Task Search_returns_exactly_the_full_float_scans_top_k_on_real_sentence_vectors()
    {
        var index = await SotuSentenceVectors.IndexAsync(sotu.Records);
        Assert.True(sotu.Records.Count > 200, $"only {sotu.Records.Count} sentences");

        foreach (var query in Queries())
        {
            foreach (var topK in new[] { 1, 10, 100, sotu.Records.Count - 1, sotu.Records.Count + 5 })
            {
                Assert.Equal(FullScan(sotu.Records, query, topK), await SearchAsync(index, query, topK));
            }
        }
    }

    [Fact]
    public async Task Filtered_search_returns_exactly_the_full_float_scans_top_k_among_matching_rows()
    {
        var index = await SotuSentenceVectors.IndexAsync(sotu.Records);
        var file = sotu.Records[^1].Chunk.Metadata["file"];
        var filter = new MetadataFilter().Equal("file", file);

        foreach (var query in Queries())
        {
            foreach (var topK in new[] { 10, 1000 })
            {
                Assert.Equal(FullScan(sotu.Records, query, topK, c => c.Metadata["file"] == file), await SearchAsync(index, query, topK, filter));
            }
        }
    }

    [Fact]
    public async Task Search_stays_exact_after_deletes_move_rows_and_upserts_replace_vectors()
    {
        var records = sotu.Records.ToList();
        var index = await SotuSentenceVectors.IndexAsync(records);
        var deleted = records[0].Chunk.DocumentId;

        // Deleting the first file swaps the last rows into its place; then every tenth remaining sentence gets another's vector.
        await index.DeleteDocumentAsync(deleted, TestContext.Current.CancellationToken);
        var kept = records.Where(r => r.Chunk.DocumentId != deleted).ToList();
        var replaced = kept.Select((r, i) => i % 10 == 0 ? r with { Vector = kept[(i + 7) % kept.Count].Vector } : r).ToList();
        await index.UpsertAsync([.. replaced.Where((_, i) => i % 10 == 0)], TestContext.Current.CancellationToken);

        foreach (var query in Queries())
        {
            var expected = FullScan(replaced, query, 50);
            var actual = await SearchAsync(index, query, 50);

            // Row order after swap-removal is not list order, so compare rows as sets and the ranking by score.
            Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score));
            Assert.Equal(expected.Select(e => e.Id).Order(StringComparer.Ordinal), actual.Select(a => a.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Rows_the_int8_pass_cannot_tell_apart_are_still_ranked_by_their_float_scores()
    {
        // Near-copies of one sentence, each nudged by far less than an int8 step: only the float scores order them.
        var random = new Random(6);
        var basis = sotu.Records[3].Vector.ToArray();
        var rows = new List<VectorRecord>(sotu.Records);
        for (var i = 0; i < 200; i++)
        {
            var nudged = basis.Select(v => v + ((float)random.NextDouble() - 0.5f) * 1e-4f).ToArray();
            rows.Add(new VectorRecord(Chunks.Make("near", i, "copy"), nudged));
        }

        // Exact duplicates tie: they come back in row order.
        rows.Add(new VectorRecord(Chunks.Make("twin", 0, "a"), basis));
        rows.Add(new VectorRecord(Chunks.Make("twin", 1, "b"), basis));
        var index = await SotuSentenceVectors.IndexAsync(rows);

        foreach (var topK in new[] { 1, 5, 50, 150 })
        {
            Assert.Equal(FullScan(rows, basis, topK), await SearchAsync(index, basis, topK));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(384)]
    [InlineData(1536)]
    [InlineData(3072)]
    public async Task Search_is_exact_for_any_dimension_including_large_ones_whose_integer_sums_are_kept_from_overflowing(int dimensions)
    {
        var random = new Random(dimensions);
        float[] Vector() => [.. Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5) * (random.Next(10) == 0 ? 40 : 1))];
        var rows = Enumerable.Range(0, 700).Select(i => new VectorRecord(Chunks.Make("r", i, "x"), Vector())).ToList();
        var index = await SotuSentenceVectors.IndexAsync(rows);

        for (var q = 0; q < 5; q++)
        {
            var query = Vector();
            Assert.Equal(FullScan(rows, query, 20), await SearchAsync(index, query, 20));
        }
    }

    [Fact]
    public void Int8_scores_are_within_their_bounds_and_the_bounds_rule_out_most_rows_of_a_top_10()
    {
        var rows = new Int8Rows();
        rows.EnsureCapacity(sotu.Records.Count, sotu.Records[0].Vector.Length);
        for (var i = 0; i < sotu.Records.Count; i++)
        {
            rows.Set(i, sotu.Records[i].Vector.Span);
        }

        foreach (var query in Queries())
        {
            var codes = Int8Rows.Encode(query);
            var bounds = new (double Lower, double Upper)[sotu.Records.Count];
            for (var i = 0; i < sotu.Records.Count; i++)
            {
                var approximate = rows.Score(codes, i, out var error);
                var exact = TensorPrimitives.Dot(query, sotu.Records[i].Vector.Span);
                Assert.InRange(exact, approximate - error, approximate + error);
                Assert.InRange(error, 0, 0.05);
                bounds[i] = (approximate - error, approximate + error);
            }

            // What the first pass keeps for a top 10: rows whose upper bound reaches the 10th best lower bound.
            var threshold = bounds.Select(b => b.Lower).OrderDescending().ElementAt(9);
            var kept = bounds.Count(b => b.Upper >= threshold);
            Assert.InRange(kept, 10, sotu.Records.Count / 4);
        }
    }

    [Fact]
    public async Task A_NaN_or_infinite_value_is_rejected_with_its_index_in_a_stored_vector_and_in_a_query()
    {
        var index = await SotuSentenceVectors.IndexAsync(sotu.Records.Take(20));
        var bad = sotu.Records[0].Vector.ToArray();
        bad[7] = float.NaN;

        var upsert = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([new VectorRecord(Chunks.Make("bad", "x"), bad)], TestContext.Current.CancellationToken));
        Assert.Contains("index 7", upsert.Message, StringComparison.Ordinal);
        Assert.Equal(20, await index.CountAsync(TestContext.Current.CancellationToken));

        bad[7] = float.PositiveInfinity;
        var search = await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(bad, 5, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("index 7", search.Message, StringComparison.Ordinal);
    }
}
