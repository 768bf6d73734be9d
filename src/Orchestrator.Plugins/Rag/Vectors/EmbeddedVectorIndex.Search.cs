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

    /// <summary>
    /// Gets or sets the fewest rows a part of a parallel first pass scans (8,192, about 0.4 ms here): a smaller part costs
    /// less than handing it to another thread is worth. Tests lower it to split small indexes.
    /// </summary>
    internal int MinimumRowsPerPart { get; set; } = 8192;

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default) =>
        SearchAsync(vector, topK, filter, Environment.ProcessorCount, cancellationToken);

    /// <summary>
    /// Searches with the first pass split over at most <paramref name="maxParts"/> parts of at least
    /// <see cref="MinimumRowsPerPart"/> rows each, run as thread-pool work items (the caller runs parts too, so a part
    /// no pool thread picks up is run by the caller). The result does not depend on the split: each part keeps its own
    /// k best lower bounds and the k-th best of their union is the k-th best over all rows.
    /// </summary>
    internal Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter, int maxParts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParts, 1);
        cancellationToken.ThrowIfCancellationRequested();
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
                var parts = Math.Clamp(_chunks.Count / MinimumRowsPerPart, 1, maxParts);
                var threshold = Bound(vector.Span, topK, filter is { IsEmpty: false } ? filter : null, upper, parts, cancellationToken);
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
    private double Bound(ReadOnlySpan<float> query, int topK, MetadataFilter? filter, double[] upper, int parts, CancellationToken cancellationToken)
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
        PriorityQueue<double, double> lowest;
        if (parts == 1)
        {
            lowest = BoundRows(codes, 0, rows, topK, filter, upper);
        }
        else
        {
            var heaps = new PriorityQueue<double, double>[parts];
            try
            {
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = cancellationToken }, part =>
                    heaps[part] = BoundRows(codes, (int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts), topK, filter, upper));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                throw;
            }

            // The k best of the union of each part's k best are the k best of all rows.
            lowest = heaps[0];
            for (var part = 1; part < parts; part++)
            {
                foreach (var (lower, _) in heaps[part].UnorderedItems)
                {
                    Keep(lowest, lower, topK);
                }
            }
        }

        return lowest.Count < topK ? double.NegativeInfinity : lowest.Peek();
    }

    // The first pass over rows [start, end): upper bounds into upper, and the k best lower bounds (a min-heap).
    private PriorityQueue<double, double> BoundRows(in Int8Rows.Query codes, int start, int end, int topK, MetadataFilter? filter, double[] upper)
    {
        var lowest = new PriorityQueue<double, double>(topK + 1);
        for (var row = start; row < end; row++)
        {
            if (filter is not null && !filter.Matches(_chunks[row].Metadata))
            {
                upper[row] = double.NaN;
                continue;
            }

            var approximate = _int8.Score(codes, row, out var error);
            upper[row] = approximate + error;
            Keep(lowest, approximate - error, topK);
        }

        return lowest;
    }

    private static void Keep(PriorityQueue<double, double> lowest, double lower, int topK)
    {
        if (lowest.Count < topK)
        {
            lowest.Enqueue(lower, lower);
        }
        else if (lower > lowest.Peek())
        {
            lowest.DequeueEnqueue(lower, lower);
        }
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
