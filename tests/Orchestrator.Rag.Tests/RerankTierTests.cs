using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Rag.Reranking;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class RerankTierTests
{
    // First stage a > b > c > d normalizes to 1, 0.75, 0.5, 0 (all values exact in binary, so ties are real ties).
    private static IReadOnlyList<ScoredChunk> Candidates() =>
        [Chunks.Scored("a", 4), Chunks.Scored("b", 3), Chunks.Scored("c", 2), Chunks.Scored("d", 0)];

    // Cross-encoder logits normalize to a 0, b 1, c 0.5, d 1.
    private static ScriptedReranker CrossEncoder() => new(new Dictionary<string, double> { ["a"] = 0, ["b"] = 8, ["c"] = 4, ["d"] = 8 });

    // The model grades a 10, b 0, c 5, d 10: normalized 1, 0, 0.5, 1.
    private static CallbackChatClient Model(List<string>? prompts = null) => new(m =>
    {
        prompts?.Add(m.Single().Text);
        return "1: 10\n2: 0\n3: 5\n4: 10";
    });

    [Fact]
    public async Task Ensemble_averages_the_normalized_reranker_scores_then_blends_them_with_the_first_stage_by_alpha()
    {
        using var chat = Model();
        var ct = TestContext.Current.CancellationToken;

        // Rerankers' mean: a 0.5, b 0.5, c 0.5, d 1.
        var half = await new EnsembleReranker(0.5, CrossEncoder(), new LlmReranker(chat)).RerankAsync("q", Candidates(), 4, ct);
        var threeQuarters = await new EnsembleReranker(0.75, CrossEncoder(), new LlmReranker(chat)).RerankAsync("q", Candidates(), 4, ct);

        // alpha 0.5: a 0.5 + 0.25 = 0.75, b 0.375 + 0.25 = 0.625, c 0.25 + 0.25 = 0.5, d 0 + 0.5 = 0.5 (tie: first-stage order).
        Assert.Equal([("a", 0.75), ("b", 0.625), ("c", 0.5), ("d", 0.5)], half.Select(r => (r.Chunk.DocumentId, r.Score)));

        // alpha 0.75: d 0.75, a 0.25 + 0.375 = 0.625, b 0.1875 + 0.375 = 0.5625, c 0.125 + 0.375 = 0.5.
        Assert.Equal([("d", 0.75), ("a", 0.625), ("b", 0.5625), ("c", 0.5)], threeQuarters.Select(r => (r.Chunk.DocumentId, r.Score)));
    }

    [Fact]
    public async Task Accurate_tier_from_configuration_ensembles_the_cross_encoder_and_the_llm_with_the_configured_alpha()
    {
        var prompts = new List<string>();
        using var chat = Model(prompts);
        var crossEncoder = CrossEncoder();
        await using var provider = Build(
            new() { ["Orchestrator:Rag:Rerank:Tier"] = "Accurate", ["Orchestrator:Rag:Rerank:Alpha"] = "0.75" },
            services =>
            {
                services.AddSingleton<IChatClient>(chat);
                services.AddKeyedSingleton<IReranker>(RerankerKeys.CrossEncoder, crossEncoder);
            });

        var reranker = provider.GetRequiredService<IReranker>();
        var reranked = await reranker.RerankAsync("which one", Candidates(), 3, TestContext.Current.CancellationToken);

        Assert.Equal([("d", 0.75), ("a", 0.625), ("b", 0.5625)], reranked.Select(r => (r.Chunk.DocumentId, r.Score)));
        Assert.Equal(1, crossEncoder.Calls);
        Assert.Contains("Query: which one", Assert.Single(prompts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Balanced_tier_uses_the_cross_encoder_without_any_chat_model()
    {
        await using var provider = Build(
            new() { ["Orchestrator:Rag:Rerank:Tier"] = "Balanced" },
            services => services.AddKeyedSingleton<IReranker>(RerankerKeys.CrossEncoder, CrossEncoder()));

        var reranked = await provider.GetRequiredService<IReranker>().RerankAsync("q", Candidates(), 4, TestContext.Current.CancellationToken);

        // alpha 0.5 over the cross-encoder alone: a 0.5, b 0.375 + 0.5 = 0.875, c 0.25 + 0.25 = 0.5, d 0.5 (ties: first-stage order).
        Assert.Equal([("b", 0.875), ("a", 0.5), ("c", 0.5), ("d", 0.5)], reranked.Select(r => (r.Chunk.DocumentId, r.Score)));
    }

    [Fact]
    public async Task Fast_tier_is_the_default_and_keeps_first_stage_order()
    {
        await using var provider = Build([], _ => { });

        var reranked = await provider.GetRequiredService<IReranker>().RerankAsync("q", Candidates(), 2, TestContext.Current.CancellationToken);

        Assert.Equal(RerankTier.Fast, provider.GetRequiredService<IOptions<RerankOptions>>().Value.Tier);
        Assert.Equal([("a", 4.0), ("b", 3.0)], reranked.Select(r => (r.Chunk.DocumentId, r.Score)));
    }

    [Fact]
    public async Task A_tier_whose_parts_are_not_registered_fails_validation_naming_what_to_add()
    {
        await using var balanced = Build(new() { ["Orchestrator:Rag:Rerank:Tier"] = "Balanced" }, _ => { });
        await using var accurate = Build(
            new() { ["Orchestrator:Rag:Rerank:Tier"] = "Accurate", ["Orchestrator:Rag:Rerank:Alpha"] = "1.5" },
            services => services.AddKeyedSingleton<IReranker>(RerankerKeys.CrossEncoder, CrossEncoder()));

        var noCrossEncoder = Assert.Throws<OptionsValidationException>(() => balanced.GetRequiredService<IOptions<RerankOptions>>().Value);
        var noModel = Assert.Throws<OptionsValidationException>(() => accurate.GetRequiredService<IOptions<RerankOptions>>().Value);

        Assert.Contains("AddCrossEncoderReranker", Assert.Single(noCrossEncoder.Failures), StringComparison.Ordinal);
        Assert.Equal(2, noModel.Failures.Count());
        Assert.Contains(noModel.Failures, f => f.Contains("Alpha is 1.5", StringComparison.Ordinal));
        Assert.Contains(noModel.Failures, f => f.Contains("needs a chat model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reranking_retriever_reranks_the_candidate_depth_and_keeps_the_rest_in_first_stage_order()
    {
        var inner = new ListRetriever([Chunks.Scored("a", 6), Chunks.Scored("b", 5), Chunks.Scored("c", 4), Chunks.Scored("d", 3), Chunks.Scored("e", 2), Chunks.Scored("f", 1)]);
        var reverse = new ScriptedReranker(new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 3 });
        var filter = new MetadataFilter().Equal("k", "v");

        var results = await new RerankingRetriever(inner, reverse, candidateDepth: 3)
            .RetrieveAsync("q", new RetrievalOptions { TopK = 5, Filter = filter }, TestContext.Current.CancellationToken);

        Assert.Equal([("c", 3.0), ("b", 2.0), ("a", 1.0), ("d", 3.0), ("e", 2.0)], results.Select(r => (r.Chunk.DocumentId, r.Score)));
        Assert.Equal(5, inner.LastOptions!.TopK);
        Assert.Same(filter, inner.LastOptions.Filter);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        register(services);
        services.AddOrchestrator(configuration).AddRagReranking(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class ListRetriever(IReadOnlyList<ScoredChunk> results) : IRetriever
    {
        public RetrievalOptions? LastOptions { get; private set; }

        public Task<IReadOnlyList<ScoredChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            LastOptions = options;
            return Task.FromResult<IReadOnlyList<ScoredChunk>>([.. results.Take(options?.TopK ?? 10)]);
        }
    }
}
