using System.Numerics.Tensors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Vectors;

/// <summary>
/// An exact in-process vector index: one contiguous float matrix plus an int8 copy of it; a search scans the int8 copy
/// to find the few rows that can be in the top k and scores only those on their float vectors with SIMD dot products
/// (<see cref="TensorPrimitives"/>), so results are those of a full float scan. Filters apply per row before the top
/// k. Fine to about a million chunks; use the Qdrant backend beyond. Persisted with <see cref="SaveAsync"/> / <see cref="LoadAsync"/>.
/// </summary>
public sealed partial class EmbeddedVectorIndex : IVectorIndex, IVectorLookup
{
    private readonly Lock _gate = new();
    private readonly List<DocumentChunk> _chunks = [];
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);
    private readonly Int8Rows _int8 = new();
    private float[] _matrix = [];
    private int _dimensions;

    /// <summary>Gets the embedding dimension (0 until the first record).</summary>
    public int Dimensions => _dimensions;

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                UpsertLocked(record.Chunk, record.Vector.Span);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        lock (_gate)
        {
            // Swap-remove from the end so the matrix stays dense.
            for (var row = _chunks.Count - 1; row >= 0; row--)
            {
                if (string.Equals(_chunks[row].DocumentId, documentId, StringComparison.Ordinal))
                {
                    RemoveRowLocked(row);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_chunks.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        var result = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var id in chunkIds)
            {
                if (_rows.TryGetValue(id, out var row))
                {
                    result[id] = _matrix.AsMemory(row * _dimensions, _dimensions).ToArray();
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, ReadOnlyMemory<float>>>(result);
    }

    /// <summary>Returns a copy of every stored record (chunk and vector), in row order.</summary>
    /// <returns>The records.</returns>
    public IReadOnlyList<VectorRecord> ToRecords()
    {
        lock (_gate)
        {
            var records = new VectorRecord[_chunks.Count];
            for (var row = 0; row < records.Length; row++)
            {
                records[row] = new VectorRecord(_chunks[row], _matrix.AsSpan(row * _dimensions, _dimensions).ToArray());
            }

            return records;
        }
    }

    private void UpsertLocked(DocumentChunk chunk, ReadOnlySpan<float> vector)
    {
        if (_dimensions == 0)
        {
            _dimensions = vector.Length;
        }
        else if (vector.Length != _dimensions)
        {
            throw new ArgumentException($"Chunk '{chunk.Id}' has a {vector.Length}-dimensional vector; the index holds {_dimensions}-dimensional vectors.", nameof(vector));
        }

        // A NaN or infinite value has no score to rank by, and would leave the row's int8 error bound undefined.
        if (NonFinite(vector) is var at and >= 0)
        {
            throw new ArgumentException($"Chunk '{chunk.Id}' has a vector with a NaN or infinite value at index {at}; the embedding generator produced an invalid vector.", nameof(vector));
        }

        if (!_rows.TryGetValue(chunk.Id, out var row))
        {
            row = _chunks.Count;
            _chunks.Add(chunk);
            _rows[chunk.Id] = row;
            if (_matrix.Length < (row + 1) * _dimensions)
            {
                Array.Resize(ref _matrix, Math.Max(1024, row * 2) * _dimensions);
                _int8.EnsureCapacity(Math.Max(1024, row * 2), _dimensions);
            }
        }
        else
        {
            _chunks[row] = chunk;
        }

        vector.CopyTo(_matrix.AsSpan(row * _dimensions, _dimensions));
        _int8.Set(row, vector);
    }

    private void RemoveRowLocked(int row)
    {
        var last = _chunks.Count - 1;
        _rows.Remove(_chunks[row].Id);
        if (row != last)
        {
            _chunks[row] = _chunks[last];
            _rows[_chunks[row].Id] = row;
            _matrix.AsSpan(last * _dimensions, _dimensions).CopyTo(_matrix.AsSpan(row * _dimensions, _dimensions));
            _int8.Move(last, row);
        }

        _chunks.RemoveAt(last);
    }

    // The index of the first NaN or infinite value, or -1.
    private static int NonFinite(ReadOnlySpan<float> vector)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
