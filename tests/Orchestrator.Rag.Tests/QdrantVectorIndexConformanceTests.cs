using Orchestrator.Rag.Qdrant;
using Orchestrator.Retrieval;
using Qdrant.Client;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The vector-index conformance suite on Qdrant, when <c>ORCH_TEST_QDRANT</c> points at a server's gRPC endpoint
/// (e.g. <c>http://localhost:6334</c>); each test uses a fresh collection and deletes it. Skipped otherwise: no Qdrant
/// server can be installed where this was written, so this backend has not been run against one.
/// </summary>
public sealed class QdrantVectorIndexConformanceTests : VectorIndexConformanceTests, IAsyncDisposable
{
    private QdrantClient? _client;
    private string? _collection;

    [Fact]
    public void Point_ids_are_stable_uuids_distinct_per_chunk()
    {
        Assert.Equal(QdrantVectorIndex.PointId("doc#0"), QdrantVectorIndex.PointId("doc#0"));
        Assert.NotEqual(QdrantVectorIndex.PointId("doc#0"), QdrantVectorIndex.PointId("doc#1"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            if (_collection is not null)
            {
                await _client.DeleteCollectionAsync(_collection);
            }

            _client.Dispose();
        }
    }

    protected override async Task<IVectorIndex> CreateAsync()
    {
        var address = Environment.GetEnvironmentVariable("ORCH_TEST_QDRANT");
        if (string.IsNullOrEmpty(address))
        {
            Assert.Skip("ORCH_TEST_QDRANT does not point at a Qdrant gRPC endpoint (no Qdrant server can run here).");
        }

        _client = new QdrantClient(new Uri(address));
        _collection = "orch-conformance-" + Guid.NewGuid().ToString("N");
        return await QdrantVectorIndex.OpenAsync(_client, _collection, dimensions: 8, TestContext.Current.CancellationToken);
    }
}
