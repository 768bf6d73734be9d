using System.Security.Cryptography;
using System.Text;
using Orchestrator.Retrieval;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Orchestrator.Rag.Qdrant;

/// <summary>
/// An <see cref="IVectorIndex"/> over one Qdrant collection (cosine distance). Point ids are UUIDs derived from chunk
/// ids (Qdrant accepts only integers and UUIDs); the chunk and its metadata travel in the payload, metadata as
/// <c>m.&lt;key&gt;</c> keyword fields, so <see cref="MetadataFilter"/> becomes a Qdrant filter applied before the top k.
/// </summary>
/// <remarks>Built against Qdrant.Client's API; it has not been run against a Qdrant server (none can run where it was written).</remarks>
public sealed class QdrantVectorIndex : IVectorIndex, IDisposable
{
    private const string ChunkId = "chunk_id";
    private const string DocumentId = "document_id";
    private const string ChunkIndex = "index";
    private const string Text = "text";
    private const string Title = "title";
    private const string MetaPrefix = "m.";

    private readonly QdrantClient _client;
    private readonly string _collection;
    private readonly ulong _dimensions;
    private readonly bool _ownsClient;

    private QdrantVectorIndex(QdrantClient client, string collection, ulong dimensions, bool ownsClient)
    {
        _client = client;
        _collection = collection;
        _dimensions = dimensions;
        _ownsClient = ownsClient;
    }

    /// <summary>
    /// Returns the factory a <c>RagIndexProvider</c> opens its stores with: the passage vectors in
    /// <see cref="QdrantVectorIndexOptions.Collection"/>, the sentence vectors in
    /// <see cref="QdrantVectorIndexOptions.SentenceCollectionName"/>. Nothing is contacted until a store is opened.
    /// </summary>
    /// <param name="options">Endpoint, collections and API key.</param>
    /// <returns>The factory.</returns>
    public static VectorIndexFactory Factory(QdrantVectorIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new VectorIndexFactory(
            async (dimensions, ct) => await OpenAsync(options, dimensions, ct).ConfigureAwait(false),
            async (dimensions, ct) => await OpenAsync(options.ForSentences(), dimensions, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// Connects to the Qdrant gRPC endpoint in <paramref name="options"/> and opens its collection, creating it when it
    /// does not exist. The index owns that connection: dispose it.
    /// </summary>
    /// <param name="options">Endpoint, collection and API key.</param>
    /// <param name="dimensions">The embedding dimension.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentException">The endpoint is missing, not an absolute http(s) URI, or the collection name is empty.</exception>
    public static async Task<QdrantVectorIndex> OpenAsync(QdrantVectorIndexOptions options, int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.ParseEndpoint();
        ArgumentException.ThrowIfNullOrEmpty(options.Collection);
        var client = new QdrantClient(endpoint, string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey);
        try
        {
            await EnsureCollectionAsync(client, options.Collection, dimensions, cancellationToken).ConfigureAwait(false);
            return new QdrantVectorIndex(client, options.Collection, (ulong)dimensions, ownsClient: true);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded)
        {
            client.Dispose();
            throw new InvalidOperationException($"Qdrant at {endpoint} did not answer ({e.Status.Detail}); is it running, and is this its gRPC port (6334 by default)?", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="collection"/>, creating it (cosine, <paramref name="dimensions"/>) when it does not exist.</summary>
    /// <param name="client">The Qdrant client (the caller owns it).</param>
    /// <param name="collection">The collection name.</param>
    /// <param name="dimensions">The embedding dimension.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The index.</returns>
    public static async Task<QdrantVectorIndex> OpenAsync(QdrantClient client, string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(collection);
        await EnsureCollectionAsync(client, collection, dimensions, cancellationToken).ConfigureAwait(false);
        return new QdrantVectorIndex(client, collection, (ulong)dimensions, ownsClient: false);
    }

    /// <summary>Closes the connection when this index opened it (<see cref="OpenAsync(QdrantVectorIndexOptions, int, CancellationToken)"/>).</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>The Qdrant point id of a chunk id: the first 16 bytes of its SHA-256 as a UUID (stable across runs).</summary>
    /// <param name="chunkId">The chunk id.</param>
    /// <returns>The point id.</returns>
    public static Guid PointId(string chunkId)
    {
        ArgumentNullException.ThrowIfNull(chunkId);
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(chunkId)).AsSpan(0, 16));
    }

    private static async Task EnsureCollectionAsync(QdrantClient client, string collection, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (!await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false))
        {
            await client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        // An existing collection made for another model would refuse every upsert; say so at open instead.
        var info = await client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
        var parameters = info.Config?.Params?.VectorsConfig?.Params;
        if (parameters is null)
        {
            throw new InvalidOperationException($"Qdrant collection '{collection}' has named vectors or no vector configuration; Orchestrator needs one unnamed {dimensions}-dimensional cosine vector per point.");
        }

        if (parameters.Size != (ulong)dimensions || parameters.Distance != Distance.Cosine)
        {
            throw new InvalidOperationException($"Qdrant collection '{collection}' holds {parameters.Size}-dimensional {parameters.Distance} vectors; this embedder makes {dimensions}-dimensional cosine vectors. Use another collection (Orchestrator:Rag:Qdrant:Collection) or the model the collection was made with.");
        }
    }

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var points = new List<PointStruct>(records.Count);
        foreach (var record in records)
        {
            if ((ulong)record.Vector.Length != _dimensions)
            {
                throw new ArgumentException($"Chunk '{record.Chunk.Id}' has a {record.Vector.Length}-dimensional vector; collection '{_collection}' holds {_dimensions}.", nameof(records));
            }

            var chunk = record.Chunk;
            var point = new PointStruct { Id = PointId(chunk.Id), Vectors = record.Vector.ToArray() };
            point.Payload[ChunkId] = chunk.Id;
            point.Payload[DocumentId] = chunk.DocumentId;
            point.Payload[ChunkIndex] = chunk.Index;
            point.Payload[Text] = chunk.Text;
            point.Payload[Title] = chunk.Title ?? string.Empty;
            foreach (var (key, value) in chunk.Metadata)
            {
                point.Payload[MetaPrefix + key] = value;
            }

            points.Add(point);
        }

        await _client.UpsertAsync(_collection, points, wait: true, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        await _client.DeleteAsync(_collection, Conditions.MatchKeyword(DocumentId, documentId), wait: true, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var points = await _client.QueryAsync(_collection, query: vector.ToArray(), filter: ToQdrant(filter), limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. points.Select(p => new ScoredChunk(FromPayload(p.Payload), p.Score))];
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (long)await _client.CountAsync(_collection, exact: true, cancellationToken: cancellationToken).ConfigureAwait(false);

    // Every condition must hold; within one, any of its values.
    private static Filter? ToQdrant(MetadataFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var result = new Filter();
        foreach (var (key, values) in filter.Conditions)
        {
            result.Must.Add(Conditions.Match(MetaPrefix + key, [.. values]));
        }

        return result;
    }

    private static DocumentChunk FromPayload(Google.Protobuf.Collections.MapField<string, Value> payload)
    {
        string Get(string key) => payload.TryGetValue(key, out var value) ? value.StringValue : string.Empty;
        var metadata = payload
            .Where(p => p.Key.StartsWith(MetaPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[MetaPrefix.Length..], p => p.Value.StringValue, StringComparer.Ordinal);
        var index = payload.TryGetValue(ChunkIndex, out var i) ? (int)i.IntegerValue : 0;
        var title = Get(Title);
        return new DocumentChunk(Get(ChunkId), Get(DocumentId), index, Get(Text), title.Length == 0 ? null : title, metadata);
    }
}
