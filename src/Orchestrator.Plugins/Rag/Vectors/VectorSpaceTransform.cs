using System.Numerics.Tensors;

namespace Orchestrator.Rag.Vectors;

/// <summary>
/// A linear map of an embedding space that corrects its anisotropy before cosine similarity: sentence encoders such as
/// MiniLM place all their vectors in a narrow cone around a common direction, which inflates every cosine and lets that
/// direction, not the content, decide part of the ranking. <see cref="Center"/> subtracts the mean of the stored vectors;
/// <see cref="Whiten"/> also rotates onto the covariance's leading principal components and scales each to unit
/// variance (BERT-whitening, Su et al. 2021). <see cref="Apply"/> maps a vector and normalizes it to unit length; the same
/// transform must map the stored vectors and the queries (<see cref="TransformedVectorIndex"/> does both).
/// </summary>
public sealed class VectorSpaceTransform
{
    private readonly float[] _mean;

    // Row-major dimensions x components: U_k diag(1/sqrt(lambda_k)) when whitening, I - U_D U_D^T when removing the top
    // directions, null for centring only.
    private readonly float[]? _projection;

    private VectorSpaceTransform(float[] mean, float[]? projection, int components)
    {
        _mean = mean;
        _projection = projection;
        Components = components;
    }

    /// <summary>Gets the input dimension.</summary>
    public int Dimensions => _mean.Length;

    /// <summary>Gets the output dimension: the whitening components kept, else <see cref="Dimensions"/>.</summary>
    public int Components { get; }

    /// <summary>Gets the mean vector that is subtracted.</summary>
    public ReadOnlyMemory<float> Mean => _mean;

    /// <summary>Fits a centring transform: subtract the mean of <paramref name="vectors"/>.</summary>
    /// <param name="vectors">The stored vectors (at least one, all of one dimension).</param>
    /// <returns>The transform.</returns>
    public static VectorSpaceTransform Center(IReadOnlyCollection<ReadOnlyMemory<float>> vectors)
    {
        var mean = MeanOf(vectors);
        return new VectorSpaceTransform(mean, null, mean.Length);
    }

    /// <summary>
    /// Fits BERT-whitening: subtract the mean, project onto the <paramref name="components"/> leading eigenvectors of
    /// the covariance and divide each by the square root of its eigenvalue.
    /// </summary>
    /// <param name="vectors">The stored vectors (more than <paramref name="components"/>, all of one dimension).</param>
    /// <param name="components">How many principal components to keep, 1 to the dimension.</param>
    /// <returns>The transform.</returns>
    public static VectorSpaceTransform Whiten(IReadOnlyCollection<ReadOnlyMemory<float>> vectors, int components)
    {
        var (mean, values, eigenvectors, order) = Principal(vectors, components);
        var n = mean.Length;
        var projection = new float[n * components];
        for (var c = 0; c < components; c++)
        {
            var scale = 1 / Math.Sqrt(Math.Max(values[order[c]], 1e-12));
            for (var i = 0; i < n; i++)
            {
                projection[(i * components) + c] = (float)(eigenvectors[(i * n) + order[c]] * scale);
            }
        }

        return new VectorSpaceTransform(mean, projection, components);
    }

    /// <summary>
    /// Fits "all-but-the-top" (Mu and Viswanath 2018): subtract the mean and project out the <paramref name="components"/>
    /// leading principal directions, which in trained embeddings carry word frequency and other shared, content-poor
    /// variance; every other direction keeps its scale (unlike <see cref="Whiten"/>).
    /// </summary>
    /// <param name="vectors">The stored vectors (more than <paramref name="components"/>, all of one dimension).</param>
    /// <param name="components">How many leading directions to remove, 1 to the dimension.</param>
    /// <returns>The transform.</returns>
    public static VectorSpaceTransform RemoveTopComponents(IReadOnlyCollection<ReadOnlyMemory<float>> vectors, int components)
    {
        var (mean, _, eigenvectors, order) = Principal(vectors, components);
        var n = mean.Length;

        // I - U_D U_D^T, row-major n x n.
        var projection = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double value = i == j ? 1 : 0;
                foreach (var c in order)
                {
                    value -= eigenvectors[(i * n) + c] * eigenvectors[(j * n) + c];
                }

                projection[(i * n) + j] = (float)value;
            }
        }

        return new VectorSpaceTransform(mean, projection, n);
    }

    // The mean, the covariance's eigenvalues and eigenvectors (columns), and the indices of the `components` largest.
    private static (float[] Mean, double[] Values, double[] Vectors, int[] Order) Principal(IReadOnlyCollection<ReadOnlyMemory<float>> vectors, int components)
    {
        var mean = MeanOf(vectors);
        var n = mean.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, n);
        if (vectors.Count <= components)
        {
            throw new ArgumentException($"Fitting {components} principal components needs more than {components} vectors; {vectors.Count} given.", nameof(vectors));
        }

        var covariance = new double[n * n];
        var centred = new double[n];
        foreach (var vector in vectors)
        {
            var span = vector.Span;
            for (var i = 0; i < n; i++)
            {
                centred[i] = span[i] - mean[i];
            }

            for (var i = 0; i < n; i++)
            {
                var ci = centred[i];
                var row = covariance.AsSpan(i * n, n);
                for (var j = i; j < n; j++)
                {
                    row[j] += ci * centred[j];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                covariance[(i * n) + j] /= vectors.Count;
                covariance[(j * n) + i] = covariance[(i * n) + j];
            }
        }

        var (values, eigenvectors) = SymmetricEigen.Decompose(covariance, n);
        return (mean, values, eigenvectors, [.. Enumerable.Range(0, n).OrderByDescending(i => values[i]).Take(components)]);
    }

    /// <summary>Maps a vector into the corrected space, at unit length (a zero result stays zero).</summary>
    /// <param name="vector">A vector of <see cref="Dimensions"/> values.</param>
    /// <returns>The mapped vector, <see cref="Components"/> values.</returns>
    public float[] Apply(ReadOnlySpan<float> vector)
    {
        var result = Map(vector);
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0)
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    /// <summary>Maps a vector without normalizing it: centred, and projected and scaled when whitening.</summary>
    /// <param name="vector">A vector of <see cref="Dimensions"/> values.</param>
    /// <returns>The mapped vector.</returns>
    internal float[] Map(ReadOnlySpan<float> vector)
    {
        if (vector.Length != _mean.Length)
        {
            throw new ArgumentException($"The transform maps {_mean.Length}-dimensional vectors; this one has {vector.Length}.", nameof(vector));
        }

        var centred = new float[_mean.Length];
        TensorPrimitives.Subtract(vector, _mean, centred);
        var result = centred;
        if (_projection is not null)
        {
            result = new float[Components];
            for (var i = 0; i < centred.Length; i++)
            {
                TensorPrimitives.MultiplyAdd(_projection.AsSpan(i * Components, Components), centred[i], result, result);
            }
        }

        return result;
    }

    private static float[] MeanOf(IReadOnlyCollection<ReadOnlyMemory<float>> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("A transform is fitted on stored vectors; none were given (is the index empty?).", nameof(vectors));
        }

        var sum = new double[vectors.First().Length];
        foreach (var vector in vectors)
        {
            if (vector.Length != sum.Length)
            {
                throw new ArgumentException($"All vectors must have one dimension: {sum.Length} and {vector.Length} found.", nameof(vectors));
            }

            var span = vector.Span;
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += span[i];
            }
        }

        return [.. sum.Select(s => (float)(s / vectors.Count))];
    }
}
