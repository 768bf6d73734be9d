using System.Buffers;
using System.Numerics.Tensors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Vectors;

/// <content>
/// Search: exact top k in two passes. The first scores every row on its int8 copy (<see cref="Int8Rows"/>, a quarter
/// of the memory traffic of the float rows) with a bound on each score's error, and finds the k-th best lower bound;
/// only rows whose upper bound reaches it can be in the top k, and only those are scored again on their float vector,
/// with the same dot product a full float scan computes. So the result (rows and scores) is exactly that of a full
/// float scan; ties are ordered by row.
/// </content>
public sealed partial class EmbeddedVectorIndex
{
    /// <summary>Gets how many rows searches have scored in float since the index was created (the rest the first pass ruled out).</summary>
    internal long RescoredRows { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        lock (_gate)
        {
            if (_chunks.Count == 0)
            {
                return Task.FromResult<IReadOnlyList<ScoredChunk>>([]);
            }

            if (vector.Length != _dimensions)
            {
                throw new ArgumentException($"The query vector has {vector.Length} dimensions; the index holds {_dimensions}-dimensional vectors. Use the same embedding model for queries and documents.", nameof(vector));
            }

            var upper = ArrayPool<double>.Shared.Rent(_chunks.Count);
            try
            {
                var threshold = Bound(vector.Span, topK, filter is { IsEmpty: false } ? filter : null, upper);
                return Task.FromResult<IReadOnlyList<ScoredChunk>>(Rescore(vector.Span, topK, threshold, upper));
            }
            finally
            {
                ArrayPool<double>.Shared.Return(upper);
            }
        }
    }

    // Fills upper[row] with an upper bound of each row's score (NaN for a row the filter rejects) and returns a score
    // that at least k rows are sure to reach (their lower bounds do).
    private double Bound(ReadOnlySpan<float> query, int topK, MetadataFilter? filter, double[] upper)
    {
        var rows = _chunks.Count;
        if (rows <= topK)
        {
            for (var row = 0; row < rows; row++)
            {
                upper[row] = filter is null || filter.Matches(_chunks[row].Metadata) ? double.PositiveInfinity : double.NaN;
            }

            return double.NegativeInfinity;
        }

        var codes = Int8Rows.Encode(query);
        var lower = ArrayPool<double>.Shared.Rent(rows);
        try
        {
            var (matched, least, most) = (0, double.PositiveInfinity, double.NegativeInfinity);
            Span<int> dots = stackalloc int[256];
            for (var start = 0; start < rows; start += dots.Length)
            {
                var block = dots[..Math.Min(dots.Length, rows - start)];
                _int8.Dots(codes, start, block);
                for (var i = 0; i < block.Length; i++)
                {
                    var row = start + i;
                    if (filter is not null && !filter.Matches(_chunks[row].Metadata))
                    {
                        (upper[row], lower[row]) = (double.NaN, double.NaN);
                        continue;
                    }

                    var approximate = _int8.Score(codes, row, block[i], out var error);
                    (upper[row], lower[row]) = (approximate + error, approximate - error);
                    (matched, least, most) = (matched + 1, Math.Min(least, lower[row]), Math.Max(most, lower[row]));
                }
            }

            return matched <= topK ? double.NegativeInfinity : KthLargest(lower.AsSpan(0, rows), topK, least, most);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(lower);
        }
    }

    // A value at most the k-th largest of the (non-NaN) values, close to it: a histogram finds the bucket that holds
    // the k-th largest, and the smallest value in that bucket or above is returned, so at least k values reach it.
    private static double KthLargest(ReadOnlySpan<double> values, int k, double least, double most)
    {
        const int Buckets = 1024;
        var width = (most - least) / Buckets;
        if (!(width > 0))
        {
            return least;
        }

        Span<int> counts = stackalloc int[Buckets];
        Span<double> minima = stackalloc double[Buckets];
        minima.Fill(double.PositiveInfinity);
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                var bucket = Math.Min(Buckets - 1, (int)((value - least) / width));
                counts[bucket]++;
                minima[bucket] = Math.Min(minima[bucket], value);
            }
        }

        var (reached, threshold) = (0, double.PositiveInfinity);
        for (var bucket = Buckets - 1; bucket >= 0 && reached < k; bucket--)
        {
            reached += counts[bucket];
            threshold = Math.Min(threshold, minima[bucket]);
        }

        return threshold;
    }

    private ScoredChunk[] Rescore(ReadOnlySpan<float> query, int topK, double threshold, double[] upper)
    {
        var candidates = new List<(int Row, float Score)>();
        for (var row = 0; row < _chunks.Count; row++)
        {
            if (upper[row] >= threshold)
            {
                candidates.Add((row, TensorPrimitives.Dot(query, _matrix.AsSpan(row * _dimensions, _dimensions))));
            }
        }

        RescoredRows += candidates.Count;
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var order && order != 0 ? order : a.Row.CompareTo(b.Row));
        var result = new ScoredChunk[Math.Min(topK, candidates.Count)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ScoredChunk(_chunks[candidates[i].Row], candidates[i].Score);
        }

        return result;
    }

    /// <summary>
    /// The former search, kept as the baseline benchmarks measure the two-pass search against: every row scored in
    /// float, the best <paramref name="topK"/> kept in a bounded heap (no filter).
    /// </summary>
    internal IReadOnlyList<ScoredChunk> SearchEveryRowInFloat(ReadOnlySpan<float> query, int topK)
    {
        lock (_gate)
        {
            var heap = new PriorityQueue<int, float>(topK + 1);
            for (var row = 0; row < _chunks.Count; row++)
            {
                var score = TensorPrimitives.Dot(query, _matrix.AsSpan(row * _dimensions, _dimensions));
                if (heap.Count < topK)
                {
                    heap.Enqueue(row, score);
                }
                else if (heap.TryPeek(out _, out var worst) && score > worst)
                {
                    heap.DequeueEnqueue(row, score);
                }
            }

            var result = new ScoredChunk[heap.Count];
            for (var i = result.Length - 1; i >= 0; i--)
            {
                heap.TryDequeue(out var row, out var score);
                result[i] = new ScoredChunk(_chunks[row], score);
            }

            return result;
        }
    }
}
