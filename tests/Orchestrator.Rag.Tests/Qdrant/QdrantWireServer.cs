using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace Orchestrator.Rag.Tests.Qdrant;

/// <summary>
/// A wire-level Qdrant peer on loopback: real gRPC over HTTP/2 (Kestrel, h2c) speaking the <c>qdrant.Collections</c>
/// and <c>qdrant.Points</c> methods <see cref="Orchestrator.Rag.Qdrant.QdrantVectorIndex"/> calls, with Qdrant.Client's own
/// protobuf messages, so the client's requests are decoded exactly as a server would see them. Semantics follow
/// Qdrant's documentation: cosine collections store normalized vectors and score by dot product; a filter's
/// <c>must</c> conditions all hold (keyword / any-of-keywords matches on payload fields) before the limit; upserting an
/// existing id replaces the point; errors are gRPC statuses. Any request shape it does not know (another condition
/// kind, named vectors, sparse queries) fails with <see cref="StatusCode.Unimplemented"/> naming it, so drift in the
/// client's requests fails a test instead of passing silently. Like the provider wire servers, it stands in for a
/// server that cannot be installed here; it is not Qdrant, and behaviour beyond these calls is not claimed.
/// </summary>
public sealed class QdrantWireServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QdrantWireServer(WebApplication app, Uri address, QdrantState state)
    {
        _app = app;
        Address = address;
        State = state;
    }

    /// <summary>Gets the gRPC endpoint, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Address { get; }

    internal QdrantState State { get; }

    /// <summary>Starts a peer on a free loopback port.</summary>
    /// <returns>The running peer.</returns>
    public static async Task<QdrantWireServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var state = new QdrantState();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<CollectionsService>();
        app.MapGrpcService<PointsService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new QdrantWireServer(app, new Uri(address), state);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T> => Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);

    internal static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, service, name, For(request), For(response));

    internal static RpcException Unimplemented(string what) => new(new Status(StatusCode.Unimplemented, "QdrantWireServer does not implement " + what));
}

/// <summary>The peer's collections: points by id, each with its normalized vector and payload.</summary>
internal sealed class QdrantState
{
    public ConcurrentDictionary<string, Collection> Collections { get; } = new(StringComparer.Ordinal);

    public Collection Get(string name) =>
        Collections.TryGetValue(name, out var c) ? c : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));

    internal sealed class Collection(VectorParams parameters)
    {
        public VectorParams Parameters { get; } = parameters;

        public Dictionary<string, (float[] Vector, Google.Protobuf.Collections.MapField<string, Value> Payload)> Points { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary><c>qdrant.Collections</c>: CollectionExists, Create, Get, Delete (bound the way generated gRPC service bases are).</summary>
[BindServiceMethod(typeof(CollectionsBase), nameof(CollectionsBase.BindService))]
internal abstract class CollectionsBase
{
    public abstract Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context);

    public abstract Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context);

    public abstract Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context);

    public abstract Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context);

    internal const string Service = "qdrant.Collections";

    public static void BindService(ServiceBinderBase binder, CollectionsBase? service)
    {
        binder.AddMethod(QdrantWireServer.Unary(Service, "CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser), service is null ? null : service.CollectionExists);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Create", CreateCollection.Parser, CollectionOperationResponse.Parser), service is null ? null : service.Create);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Get", GetCollectionInfoRequest.Parser, GetCollectionInfoResponse.Parser), service is null ? null : service.Get);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Delete", DeleteCollection.Parser, CollectionOperationResponse.Parser), service is null ? null : service.Delete);
    }
}

/// <summary>The peer's implementation of <see cref="CollectionsBase"/>.</summary>
internal sealed class CollectionsService(QdrantState state) : CollectionsBase
{
    public override Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context) =>
        Task.FromResult(new CollectionExistsResponse { Result = new CollectionExists { Exists = state.Collections.ContainsKey(request.CollectionName) } });

    public override Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        if (request.VectorsConfig?.ConfigCase != VectorsConfig.ConfigOneofCase.Params)
        {
            throw QdrantWireServer.Unimplemented("collections without one unnamed vector");
        }

        if (!state.Collections.TryAdd(request.CollectionName, new QdrantState.Collection(request.VectorsConfig.Params)))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
        }

        return Task.FromResult(new CollectionOperationResponse { Result = true });
    }

    public override Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context)
    {
        var collection = state.Get(request.CollectionName);
        int count;
        lock (collection)
        {
            count = collection.Points.Count;
        }

        return Task.FromResult(new GetCollectionInfoResponse
        {
            Result = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                PointsCount = (ulong)count,
                Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = collection.Parameters } } },
            },
        });
    }

    public override Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context) =>
        Task.FromResult(new CollectionOperationResponse { Result = state.Collections.TryRemove(request.CollectionName, out _) });
}

/// <summary><c>qdrant.Points</c>: Upsert, Delete, Query, Count (bound the way generated gRPC service bases are).</summary>
[BindServiceMethod(typeof(PointsBase), nameof(PointsBase.BindService))]
internal abstract class PointsBase
{
    public abstract Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context);

    public abstract Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context);

    public abstract Task<QueryResponse> Query(QueryPoints request, ServerCallContext context);

    public abstract Task<CountResponse> Count(CountPoints request, ServerCallContext context);

    internal const string Service = "qdrant.Points";

    public static void BindService(ServiceBinderBase binder, PointsBase? service)
    {
        binder.AddMethod(QdrantWireServer.Unary(Service, "Upsert", UpsertPoints.Parser, PointsOperationResponse.Parser), service is null ? null : service.Upsert);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Delete", DeletePoints.Parser, PointsOperationResponse.Parser), service is null ? null : service.Delete);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Query", QueryPoints.Parser, QueryResponse.Parser), service is null ? null : service.Query);
        binder.AddMethod(QdrantWireServer.Unary(Service, "Count", CountPoints.Parser, CountResponse.Parser), service is null ? null : service.Count);
    }
}

/// <summary>The peer's implementation of <see cref="PointsBase"/>.</summary>
internal sealed class PointsService(QdrantState state) : PointsBase
{
    public override Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        var collection = state.Get(request.CollectionName);
        var size = (int)collection.Parameters.Size;
        var points = request.Points.Select(p => (Id: IdOf(p.Id), Vector: Normalized(DenseOf(p.Vectors), size), p.Payload)).ToList();
        lock (collection)
        {
            foreach (var (id, vector, payload) in points)
            {
                collection.Points[id] = (vector, payload);
            }
        }

        return Task.FromResult(Completed());
    }

    public override Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        var collection = state.Get(request.CollectionName);
        lock (collection)
        {
            switch (request.Points.PointsSelectorOneOfCase)
            {
                case PointsSelector.PointsSelectorOneOfOneofCase.Filter:
                    foreach (var id in collection.Points.Where(p => Matches(request.Points.Filter, p.Value.Payload)).Select(p => p.Key).ToList())
                    {
                        collection.Points.Remove(id);
                    }

                    break;
                case PointsSelector.PointsSelectorOneOfOneofCase.Points:
                    foreach (var id in request.Points.Points.Ids)
                    {
                        collection.Points.Remove(IdOf(id));
                    }

                    break;
                default:
                    throw QdrantWireServer.Unimplemented("an empty points selector");
            }
        }

        return Task.FromResult(Completed());
    }

    public override Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        var collection = state.Get(request.CollectionName);
        if (request.Query?.VariantCase != global::Qdrant.Client.Grpc.Query.VariantOneofCase.Nearest)
        {
            throw QdrantWireServer.Unimplemented($"query variant {request.Query?.VariantCase}");
        }

        var query = Normalized(DenseOf(request.Query.Nearest), (int)collection.Parameters.Size);
        var limit = request.HasLimit ? (int)request.Limit : 10;
        var response = new QueryResponse();
        lock (collection)
        {
            var hits = collection.Points
                .Where(p => request.Filter is null || Matches(request.Filter, p.Value.Payload))
                .Select(p => (p.Key, p.Value.Payload, Score: Dot(query, p.Value.Vector)))
                .OrderByDescending(h => h.Score)
                .ThenBy(h => h.Key, StringComparer.Ordinal)
                .Take(limit);
            foreach (var (id, payload, score) in hits)
            {
                var point = new ScoredPoint { Id = new PointId { Uuid = id }, Score = score };
                if (request.WithPayload?.Enable == true)
                {
                    point.Payload.Add(payload);
                }

                response.Result.Add(point);
            }
        }

        return Task.FromResult(response);
    }

    public override Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        var collection = state.Get(request.CollectionName);
        lock (collection)
        {
            var count = collection.Points.Count(p => request.Filter is null || Matches(request.Filter, p.Value.Payload));
            return Task.FromResult(new CountResponse { Result = new CountResult { Count = (ulong)count } });
        }
    }

    private static PointsOperationResponse Completed() => new() { Result = new UpdateResult { Status = UpdateStatus.Completed } };

    private static string IdOf(PointId id) => id.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Uuid => Guid.Parse(id.Uuid).ToString(),
        PointId.PointIdOptionsOneofCase.Num => id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: point id is empty")),
    };

    private static float[] DenseOf(global::Qdrant.Client.Grpc.Vectors vectors) => vectors.VectorsOptionsCase == global::Qdrant.Client.Grpc.Vectors.VectorsOptionsOneofCase.Vector
        ? DenseOf(vectors.Vector)
        : throw QdrantWireServer.Unimplemented("named vectors");

    private static float[] DenseOf(Vector vector) =>
        vector.Dense is { } dense ? [.. dense.Data]
#pragma warning disable CS0612, CS0618 // Older clients send the deprecated data field.
        : vector.Data.Count > 0 ? [.. vector.Data]
#pragma warning restore CS0612, CS0618
        : throw QdrantWireServer.Unimplemented("sparse or multi vectors");

    private static float[] DenseOf(VectorInput input) => input.VariantCase switch
    {
        VectorInput.VariantOneofCase.Dense => [.. input.Dense.Data],
        _ => throw QdrantWireServer.Unimplemented($"vector input {input.VariantCase}"),
    };

    private static float[] Normalized(float[] vector, int size)
    {
        if (vector.Length != size)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: Vector dimension error: expected dim: {size}, got {vector.Length}"));
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return norm == 0 ? vector : [.. vector.Select(x => x / norm)];
    }

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static bool Matches(Filter filter, Google.Protobuf.Collections.MapField<string, Value> payload)
    {
        if (filter.Should.Count > 0 || filter.MustNot.Count > 0 || filter.MinShould is not null)
        {
            throw QdrantWireServer.Unimplemented("should / must_not / min_should filters");
        }

        return filter.Must.All(condition => Holds(condition, payload));
    }

    private static bool Holds(Condition condition, Google.Protobuf.Collections.MapField<string, Value> payload)
    {
        if (condition.ConditionOneOfCase != Condition.ConditionOneOfOneofCase.Field || condition.Field.Match is null)
        {
            throw QdrantWireServer.Unimplemented($"condition {condition.ConditionOneOfCase} other than a field match");
        }

        var field = condition.Field;
        if (!payload.TryGetValue(field.Key, out var value) || value.KindCase != Value.KindOneofCase.StringValue)
        {
            return false;
        }

        return field.Match.MatchValueCase switch
        {
            Match.MatchValueOneofCase.Keyword => value.StringValue == field.Match.Keyword,
            Match.MatchValueOneofCase.Keywords => field.Match.Keywords.Strings.Contains(value.StringValue),
            _ => throw QdrantWireServer.Unimplemented($"match {field.Match.MatchValueCase}"),
        };
    }
}
