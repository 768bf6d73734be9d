using System.Text.Json;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Vectors;

/// <content>Persistence: a little-endian binary file of vectors plus a JSON array of chunks beside it.</content>
public sealed partial class EmbeddedVectorIndex
{
    private const int FormatMagic = 0x4F564931; // "OVI1"

    /// <summary>Writes the index to <paramref name="path"/> (vectors) and <c>path + ".chunks.json"</c> (chunks), atomically per file.</summary>
    /// <param name="path">The vector file path.</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>A task that completes when both files are written.</returns>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        List<DocumentChunk> chunks;
        float[] matrix;
        int dimensions;
        lock (_gate)
        {
            chunks = [.. _chunks];
            dimensions = _dimensions;
            matrix = _matrix.AsSpan(0, chunks.Count * dimensions).ToArray();
        }

        var vectorTemp = path + ".tmp";
        using (var stream = File.Create(vectorTemp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatMagic);
            writer.Write(dimensions);
            writer.Write(chunks.Count);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.AsSpan()));
        }

        var chunkTemp = path + ".chunks.json.tmp";
        var chunkStream = File.Create(chunkTemp);
        await using (chunkStream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(chunkStream, chunks, RagJsonContext.Default.ListDocumentChunk, cancellationToken).ConfigureAwait(false);
        }

        File.Move(vectorTemp, path, overwrite: true);
        File.Move(chunkTemp, path + ".chunks.json", overwrite: true);
    }

    /// <summary>Reads an index written by <see cref="SaveAsync"/>.</summary>
    /// <param name="path">The vector file path.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The loaded index.</returns>
    public static async Task<EmbeddedVectorIndex> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        List<DocumentChunk> chunks;
        var chunkStream = File.OpenRead(path + ".chunks.json");
        await using (chunkStream.ConfigureAwait(false))
        {
            chunks = await JsonSerializer.DeserializeAsync(chunkStream, RagJsonContext.Default.ListDocumentChunk, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"'{path}.chunks.json' holds no chunk list.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        if (reader.ReadInt32() != FormatMagic)
        {
            throw new InvalidDataException($"'{path}' is not an Orchestrator vector index file.");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (count != chunks.Count)
        {
            throw new InvalidDataException($"'{path}' holds {count} vectors but its chunk file holds {chunks.Count}; the index was written partially. Re-ingest.");
        }

        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(12, count * dimensions * sizeof(float)));
        var index = new EmbeddedVectorIndex();
        for (var i = 0; i < count; i++)
        {
            index.UpsertLocked(chunks[i], floats.Slice(i * dimensions, dimensions));
        }

        return index;
    }
}
