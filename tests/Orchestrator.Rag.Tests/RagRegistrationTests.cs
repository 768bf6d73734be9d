using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Plugin;
using Orchestrator.Rag.Tests.Qdrant;

namespace Orchestrator.Rag.Tests;

/// <summary><c>AddRag</c> from configuration: a kernel built from the container has the plugin over the configured index.</summary>
public sealed class RagRegistrationTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-rag-di-").FullName;
    private QdrantWireServer? _qdrant;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_qdrant is not null)
        {
            await _qdrant.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private ServiceProvider Build(bool qdrant = false, bool embedder = true)
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        File.WriteAllText(Path.Combine(corpus, "farm.txt"), "Farm policy\n\nFarm income fell as wheat prices declined.");
        File.WriteAllText(Path.Combine(corpus, "space.txt"), "Space\n\nWe will land a man on the moon before this decade is out.");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Rag:Directory"] = Path.Combine(_dir, "index"),
            ["Orchestrator:Rag:ChunkSize"] = "300",
            ["Orchestrator:Rag:Plugin:IngestRoots:0"] = corpus,
            ["Orchestrator:Rag:Qdrant:Endpoint"] = _qdrant?.Address.ToString(),
            ["Orchestrator:Rag:Qdrant:Collection"] = "di",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (embedder)
        {
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbedder());
        }

        var orchestrator = services.AddOrchestrator(_ => { }).AddRag(configuration);
        if (qdrant)
        {
            orchestrator.AddQdrantVectorIndex(configuration);
        }

        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_plugin_comes_with_a_kernel_built_from_the_container_over_the_configured_index()
    {
        await using var services = Build();
        var kernel = new Kernel(services);

        var ingested = (await kernel.InvokeAsync("rag", "ingest", new KernelArguments { ["path"] = "." }, Ct)).GetValue<RagIngestReport>()!;
        var hits = (await kernel.InvokeAsync("rag", "search", new KernelArguments { ["query"] = "wheat prices", ["top"] = 1 }, Ct)).GetValue<IReadOnlyList<RagSearchHit>>()!;
        var answer = (await kernel.InvokeAsync("rag", "ask", new KernelArguments { ["question"] = "Why did farm income fall?" }, Ct)).GetValue<RagAnswer>()!;

        Assert.Equal(2, ingested.Added);
        Assert.Equal("farm.txt", Assert.Single(hits).DocumentId);
        Assert.True(answer.IsExtractive); // no chat provider is configured
        Assert.True(File.Exists(Path.Combine(_dir, "index", "vectors.bin")));
    }

    [Fact]
    public async Task With_AddQdrantVectorIndex_the_passage_and_sentence_vectors_go_to_qdrant()
    {
        _qdrant = await QdrantWireServer.StartAsync();
        await using var services = Build(qdrant: true);
        var kernel = new Kernel(services);

        await kernel.InvokeAsync("rag", "ingest", new KernelArguments { ["path"] = "." }, Ct);

        var index = await services.GetRequiredService<RagIndexProvider>().GetAsync(Ct);
        Assert.Equal(2, index.DocumentCount);
        Assert.Equal(2, _qdrant.State.Get("di").Points.Count);
        Assert.NotEmpty(_qdrant.State.Get("di-sentences").Points);
        Assert.False(File.Exists(Path.Combine(_dir, "index", "vectors.bin")));
        Assert.False(File.Exists(Path.Combine(_dir, "index", "sentences.bin")));
    }

    [Fact]
    public async Task Without_an_embedder_resolving_the_plugin_says_what_to_register()
    {
        await using var services = Build(embedder: false);

        var error = Assert.Throws<InvalidOperationException>(services.GetRequiredService<RagPlugin>);

        Assert.Contains("AddRag needs an IEmbeddingGenerator", error.Message, StringComparison.Ordinal);
    }
}
