using System.Numerics.Tensors;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>The dense space's anisotropy corrections (<see cref="VectorSpaceTransform"/>, <see cref="TransformedVectorIndex"/>) on real MiniLM vectors.</summary>
public sealed class VectorSpaceTransformTests(SotuSentenceVectors sotu) : IClassFixture<SotuSentenceVectors>
{
    [Fact]
    public void Minilm_vectors_share_a_direction_that_centring_removes()
    {
        var vectors = sotu.Records.Select(r => r.Vector).ToArray();
        var centre = VectorSpaceTransform.Center(vectors);

        // Raw MiniLM sentence vectors sit in a cone: two unrelated sentences have a clearly positive cosine on average.
        var raw = MeanPairwiseCosine(vectors.Select(v => v.ToArray()).ToArray());
        var centred = MeanPairwiseCosine([.. vectors.Select(v => centre.Apply(v.Span))]);

        Assert.True(raw > 0.1, $"raw mean cosine {raw}");
        Assert.True(Math.Abs(centred) < raw / 5, $"centred mean cosine {centred}, raw {raw}");
        Assert.All(centre.Apply(centre.Mean.Span), x => Assert.Equal(0f, x));
        Assert.Equal(centre.Dimensions, centre.Components);
    }

    [Fact]
    public async Task A_transformed_index_ranks_by_the_cosine_of_the_mapped_query_and_vectors()
    {
        var ct = TestContext.Current.CancellationToken;
        var raw = await SotuSentenceVectors.IndexAsync(sotu.Records);
        var index = await TransformedVectorIndex.CopyAsync(raw, VectorSpaceTransform.Center, ct);
        Assert.Equal(sotu.Records.Count, await index.CountAsync(ct));

        var changed = 0;
        foreach (var question in sotu.Questions)
        {
            var mapped = index.Transform.Apply(question);
            var expected = sotu.Records
                .Select(r => (r.Chunk.Id, Score: TensorPrimitives.Dot(mapped, index.Transform.Apply(r.Vector.Span))))
                .OrderByDescending(p => p.Score).Take(10).ToArray();

            var hits = await index.SearchAsync(question, 10, cancellationToken: ct);

            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Chunk.Id));
            Assert.All(expected.Zip(hits), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-5));
            var before = await raw.SearchAsync(question, 10, cancellationToken: ct);
            changed += before.Select(h => h.Chunk.Id).SequenceEqual(hits.Select(h => h.Chunk.Id)) ? 0 : 1;
        }

        // Centring changes cosine rankings (the point of it), and filters still apply inside the search.
        Assert.True(changed > 0);
        var file = sotu.Records[0].Chunk.Metadata["file"];
        var filtered = await index.SearchAsync(sotu.Questions[0], 5, new MetadataFilter().Equal("file", file), ct);
        Assert.All(filtered, h => Assert.Equal(file, h.Chunk.Metadata["file"]));
        Assert.Equal(5, filtered.Count);
    }

    [Fact]
    public void Full_whitening_gives_the_stored_vectors_an_identity_covariance()
    {
        // 3-dimensional points with very unequal, correlated spreads: whitening must make them uncorrelated, unit variance.
        var random = new Random(7);
        var points = new List<ReadOnlyMemory<float>>();
        for (var i = 0; i < 4000; i++)
        {
            double a = Gaussian(random) * 10, b = Gaussian(random), c = Gaussian(random) * 0.1;
            points.Add(new[] { (float)(a + b + 5), (float)(a - b), (float)(c + (0.5 * b) - 2) });
        }

        var whiten = VectorSpaceTransform.Whiten(points, 3);
        var mapped = points.Select(p => whiten.Map(p.Span)).ToArray();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var covariance = mapped.Average(m => (double)m[i] * m[j]);
                Assert.Equal(i == j ? 1.0 : 0.0, covariance, 2);
            }
        }

        // Two components keep the two largest spreads only.
        Assert.Equal(2, VectorSpaceTransform.Whiten(points, 2).Apply(points[0].Span).Length);

        // All-but-the-top removes the leading direction (x + y, where the spread of 10 lives) and keeps the others' scale.
        var abtt = VectorSpaceTransform.RemoveTopComponents(points, 1);
        var kept = points.Select(p => abtt.Map(p.Span)).ToArray();
        var top = new[] { 1 / Math.Sqrt(2), 1 / Math.Sqrt(2), 0 };
        Assert.True(kept.Average(k => Math.Pow((k[0] * top[0]) + (k[1] * top[1]), 2)) < 0.01);
        var variance = kept.Average(k => (double)((k[0] * k[0]) + (k[1] * k[1]) + (k[2] * k[2])));
        Assert.InRange(variance, 2.1, 2.45); // the covariance's trace (202.26) less the removed direction's 200
        Assert.Equal(3, abtt.Components);
    }

    [Fact]
    public void Jacobi_finds_the_eigenpairs_of_a_symmetric_matrix()
    {
        const int N = 12;
        var random = new Random(3);
        var matrix = new double[N * N];
        for (var i = 0; i < N; i++)
        {
            for (var j = i; j < N; j++)
            {
                matrix[(i * N) + j] = matrix[(j * N) + i] = random.NextDouble() - 0.5;
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(matrix, N);

        for (var k = 0; k < N; k++)
        {
            for (var i = 0; i < N; i++)
            {
                var av = Enumerable.Range(0, N).Sum(j => matrix[(i * N) + j] * vectors[(j * N) + k]);
                Assert.Equal(values[k] * vectors[(i * N) + k], av, 9);
            }

            for (var l = 0; l < N; l++)
            {
                Assert.Equal(k == l ? 1.0 : 0.0, Enumerable.Range(0, N).Sum(i => vectors[(i * N) + k] * vectors[(i * N) + l]), 9);
            }
        }
    }

    [Fact]
    public void Bad_input_is_refused_with_what_was_wrong()
    {
        Assert.Contains("none were given", Assert.Throws<ArgumentException>(() => VectorSpaceTransform.Center([])).Message, StringComparison.Ordinal);
        Assert.Contains("one dimension", Assert.Throws<ArgumentException>(() => VectorSpaceTransform.Center([new float[] { 1, 2 }, new float[] { 1, 2, 3 }])).Message, StringComparison.Ordinal);
        Assert.Contains("needs more than 2 vectors", Assert.Throws<ArgumentException>(() => VectorSpaceTransform.Whiten([new float[] { 1, 2 }, new float[] { 2, 1 }], 2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorSpaceTransform.Whiten([new float[] { 1, 2 }, new float[] { 2, 1 }, new float[] { 0, 1 }], 3));
        var centre = VectorSpaceTransform.Center([new float[] { 1, 2 }]);
        Assert.Contains("2-dimensional", Assert.Throws<ArgumentException>(() => centre.Apply(new float[] { 1, 2, 3 })).Message, StringComparison.Ordinal);
    }

    private static double MeanPairwiseCosine(float[][] vectors)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < vectors.Length; i += 7)
        {
            for (var j = i + 1; j < vectors.Length; j += 7)
            {
                sum += TensorPrimitives.CosineSimilarity(vectors[i], vectors[j]);
                count++;
            }
        }

        return sum / count;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
