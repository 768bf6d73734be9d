namespace Orchestrator.Retrieval;

/// <summary>Service keys of the keyed <see cref="IReranker"/> parts that the reranking tiers are composed of.</summary>
public static class RerankerKeys
{
    /// <summary>The cross-encoder reranker (registered by <c>AddCrossEncoderReranker</c> in Orchestrator.Embeddings.MiniLM).</summary>
    public const string CrossEncoder = "cross-encoder";

    /// <summary>The LLM reranker (registered by <c>AddRagReranking</c> over the unkeyed chat client).</summary>
    public const string Llm = "llm";
}
