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

            if (NonFinite(vector.Span) is var at and >= 0)
            {
                throw new ArgumentException($"The query vector has a NaN or infinite value at index {at}; the embedding generator produced an invalid vector.", nameof(vector));
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

    // Fills upper[row] with an upper bound of each row's score (NaN for a row the filter rejects) and returns the k-th
    // best lower bound: at least k rows score that much or more.
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
        var lowest = new PriorityQueue<double, double>(topK + 1);
        for (var row = 0; row < rows; row++)
        {
            if (filter is not null && !filter.Matches(_chunks[row].Metadata))
            {
                upper[row] = double.NaN;
                continue;
            }

            var approximate = _int8.Score(codes, row, out var error);
            upper[row] = approximate + error;
            var lower = approximate - error;
            if (lowest.Count < topK)
            {
                lowest.Enqueue(lower, lower);
            }
            else if (lower > lowest.Peek())
            {
                lowest.DequeueEnqueue(lower, lower);
            }
        }

        return lowest.Count < topK ? double.NegativeInfinity : lowest.Peek();
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
