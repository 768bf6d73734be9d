using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Reranking;

/// <summary>Composes the reranker of a <see cref="RerankTier"/> from its parts.</summary>
public static class RerankerTiers
{
    /// <summary>
    /// Fast: <see cref="PassThroughReranker"/> (or the cross-encoder alone when <see cref="RerankOptions.FastUsesCrossEncoder"/>);
    /// balanced: <see cref="EnsembleReranker"/>(alpha, cross-encoder); accurate: <see cref="EnsembleReranker"/>(alpha, cross-encoder, LLM).
    /// </summary>
    /// <param name="options">The options (tier and alpha).</param>
    /// <param name="crossEncoder">The cross-encoder, or <see langword="null"/> when none is configured.</param>
    /// <param name="llm">The LLM reranker, or <see langword="null"/> when no chat model is configured.</param>
    /// <returns>The reranker.</returns>
    /// <exception cref="InvalidOperationException">The tier needs a part that is <see langword="null"/>.</exception>
    public static IReranker Create(RerankOptions options, IReranker? crossEncoder, IReranker? llm)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Tier switch
        {
            RerankTier.Fast when options.FastUsesCrossEncoder => crossEncoder ?? throw MissingCrossEncoder(options),
            RerankTier.Fast => new PassThroughReranker(),
            RerankTier.Balanced => new EnsembleReranker(options.Alpha, crossEncoder ?? throw MissingCrossEncoder(options)),
            RerankTier.Accurate => new EnsembleReranker(
                options.Alpha,
                crossEncoder ?? throw MissingCrossEncoder(options),
                llm ?? throw new InvalidOperationException(MissingChatModelMessage)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Tier, "Unknown rerank tier."),
        };
    }

    internal const string MissingChatModelMessage =
        "The accurate rerank tier needs a chat model for its LLM reranker: enable a provider under Orchestrator:Providers (or register an IChatClient).";

    internal static string MissingCrossEncoderMessage(RerankTier tier) =>
        $"The {tier} rerank tier needs a cross-encoder: call AddCrossEncoderReranker(modelPath) from Orchestrator.Embeddings.MiniLM " +
        $"(an ONNX cross-encoder with its vocab.txt), or register a keyed IReranker \"{RerankerKeys.CrossEncoder}\"; or set {RerankOptions.SectionName}:Tier to Fast.";

    private static InvalidOperationException MissingCrossEncoder(RerankOptions options) => new(MissingCrossEncoderMessage(options.Tier));
}
