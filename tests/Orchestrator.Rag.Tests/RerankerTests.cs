using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Reranking;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class RerankerTests : IClassFixture<MiniLmFixture>
{
    private readonly MiniLmFixture _fixture;

    public RerankerTests(MiniLmFixture fixture) => _fixture = fixture;

    private static IReadOnlyList<ScoredChunk> Candidates() =>
        [Chunks.Scored("a", 0.9), Chunks.Scored("b", 0.8), Chunks.Scored("c", 0.7)];

    [Fact]
    public async Task Llm_reranker_orders_by_the_models_grades_and_keeps_ungraded_passages_last_in_first_stage_order()
    {
        string? prompt = null;
        using var chat = new CallbackChatClient(m =>
        {
            prompt = m.Single().Text;
            return "1: 2\n3: 9\nnot a grade line";
        });

        var reranked = await new LlmReranker(chat).RerankAsync("query text", Candidates(), 3, TestContext.Current.CancellationToken);

        Assert.Equal(["c", "a", "b"], reranked.Select(r => r.Chunk.DocumentId));
        Assert.Equal(0.9, reranked[0].Score, 9);
        Assert.Contains("Query: query text", prompt, StringComparison.Ordinal);
        Assert.Contains("[2] b", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensemble_combines_normalized_first_stage_and_reranker_scores_with_alpha()
    {
        using var chat = new CallbackChatClient(_ => "1: 0\n2: 10\n3: 5");
        var llm = new LlmReranker(chat);

        // First stage a>b>c normalizes to 1, 0.5, 0; the model grades a=0, b=1, c=0.5.
        var alphaHalf = await new EnsembleReranker(0.5, llm).RerankAsync("q", Candidates(), 3, TestContext.Current.CancellationToken);
        var alphaOne = await new EnsembleReranker(1.0, llm).RerankAsync("q", Candidates(), 3, TestContext.Current.CancellationToken);
        var alphaZero = await new EnsembleReranker(0.0, llm).RerankAsync("q", Candidates(), 2, TestContext.Current.CancellationToken);

        Assert.Equal(["b", "a", "c"], alphaHalf.Select(r => r.Chunk.DocumentId)); // b 0.75, a 0.5, c 0.25
        Assert.Equal(0.75, alphaHalf[0].Score, 9);
        Assert.Equal(["b", "c", "a"], alphaOne.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["a", "b"], alphaZero.Select(r => r.Chunk.DocumentId));
    }

    [Fact]
    public void Cross_encoder_pairs_are_query_then_passage_with_segment_ids_and_the_passage_truncated_first()
    {
        var (ids, types) = _fixture.Encoder.EncodePair("tax cuts", string.Join(' ', Enumerable.Repeat("revenue", 600)));

        Assert.Equal(256, ids.Length);
        Assert.Equal(_fixture.Encoder.ClassificationTokenId, ids[0]);
        var firstSep = Array.IndexOf(ids, _fixture.Encoder.SeparatorTokenId);
        Assert.Equal(_fixture.Encoder.Encode("tax cuts")[1..^1], ids[1..firstSep]);
        Assert.All(types[..(firstSep + 1)], t => Assert.Equal(0, t));
        Assert.All(types[(firstSep + 1)..], t => Assert.Equal(1, t));
        Assert.Equal(_fixture.Encoder.SeparatorTokenId, ids[^1]);
    }

    [Fact]
    public async Task Cross_encoder_ranks_the_answering_passage_first_with_a_real_model()
    {
        var path = Environment.GetEnvironmentVariable("ORCH_TEST_CROSS_ENCODER");
        if (string.IsNullOrEmpty(path))
        {
            Assert.Skip("ORCH_TEST_CROSS_ENCODER does not point at an ONNX cross-encoder (none can be downloaded here).");
        }

        using var reranker = new CrossEncoderReranker(path);
        IReadOnlyList<ScoredChunk> candidates =
        [
            new(Chunks.Make("penguins", "Penguins are flightless birds of the Southern Hemisphere."), 1),
            new(Chunks.Make("paris", "Paris is the capital and largest city of France."), 0.5),
        ];

        var reranked = await reranker.RerankAsync("What is the capital of France?", candidates, 2, TestContext.Current.CancellationToken);

        Assert.Equal("paris", reranked[0].Chunk.DocumentId);
    }
}
