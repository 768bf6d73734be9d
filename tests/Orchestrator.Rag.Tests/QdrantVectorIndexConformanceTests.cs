using Orchestrator.Rag.Qdrant;
using Orchestrator.Rag.Tests.Qdrant;
using Orchestrator.Retrieval;
using Qdrant.Client;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The vector-index conformance suite on <see cref="QdrantVectorIndex"/> over a real gRPC connection. Each test uses a
/// fresh collection and deletes it. Derived classes say where the server is.
/// </summary>
public abstract class QdrantConformanceTests : VectorIndexConformanceTests, IAsyncDisposable
{
    private QdrantClient? _client;
    private string? _collection;

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            if (_collection is not null)
            {
                await _client.DeleteCollectionAsync(_collection);
            }

            _client.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the server's gRPC endpoint (or skips the test).</summary>
    /// <returns>The endpoint.</returns>
    protected abstract Task<Uri> EndpointAsync();

    protected override async Task<IVectorIndex> CreateAsync()
    {
        _client = new QdrantClient(await EndpointAsync());
        _collection = "orch-conformance-" + Guid.NewGuid().ToString("N");
        return await QdrantVectorIndex.OpenAsync(_client, _collection, dimensions: 8, TestContext.Current.CancellationToken);
    }
}

/// <summary>
/// The suite on a real Qdrant when <c>ORCH_TEST_QDRANT</c> points at its gRPC endpoint (e.g. <c>http://localhost:6334</c>).
/// Skipped otherwise: no Qdrant server can be installed where this was written, so it has not run against one.
/// </summary>
public sealed class QdrantVectorIndexConformanceTests : QdrantConformanceTests
{
    [Fact]
    public void Point_ids_are_stable_uuids_distinct_per_chunk()
    {
        Assert.Equal(QdrantVectorIndex.PointId("doc#0"), QdrantVectorIndex.PointId("doc#0"));
        Assert.NotEqual(QdrantVectorIndex.PointId("doc#0"), QdrantVectorIndex.PointId("doc#1"));
    }

    protected override Task<Uri> EndpointAsync()
    {
        var address = Environment.GetEnvironmentVariable("ORCH_TEST_QDRANT");
        if (string.IsNullOrEmpty(address))
        {
            Assert.Skip("ORCH_TEST_QDRANT does not point at a Qdrant gRPC endpoint (no Qdrant server can run here; QdrantWireConformanceTests runs the suite on the wire-level peer).");
        }

        return Task.FromResult(new Uri(address));
    }
}

/// <summary>The suite on the wire-level Qdrant peer (<see cref="QdrantWireServer"/>): always runs.</summary>
public sealed class QdrantWireConformanceTests : QdrantConformanceTests
{
    private QdrantWireServer? _server;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override async Task<Uri> EndpointAsync()
    {
        _server = await QdrantWireServer.StartAsync();
        return _server.Address;
    }
}
