namespace Orchestrator.Embeddings.MiniLM;

/// <summary>Options for <see cref="MiniLmEmbeddingGenerator"/>, bound from <c>Orchestrator:Rag:Embeddings:MiniLm</c> by the sample host.</summary>
public sealed class MiniLmEmbeddingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Orchestrator:Rag:Embeddings:MiniLm";

    /// <summary>
    /// Gets or sets which packaged model embeds: by default all-MiniLM-L6-v2 and snowflake-arctic-embed-xs together
    /// (768 dimensions, twice the time of one model, the best retrieval: docs/decisions/0020); either alone is 384
    /// dimensions. Ignored when <see cref="ModelPath"/> is set.
    /// </summary>
    public MiniLmModel Model { get; set; } = MiniLmModel.AllMiniLmL6V2AndArcticEmbedXs;

    /// <summary>
    /// Gets or sets the maximum number of word pieces per input, special tokens included (3 to 512).
    /// all-MiniLM-L6-v2 was trained at 256; longer inputs cost quadratically more and gain nothing (arctic-embed-xs,
    /// trained at 512, measured no better at 512 either: docs/decisions/0020).
    /// </summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many inputs go through the model in one call (inputs are length-sorted first; 1 to 256). fp32 only:
    /// int8 runs every input alone, because its run-time activation scale would otherwise depend on the batch.
    /// </summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Gets or sets the ONNX Runtime intra-op thread count; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Gets or sets the precision of the model's matrix products: fp32 by default; int8 is about twice as fast but costs
    /// SciFact nDCG@10 0.003-0.0035 (see docs/decisions/0013). Ignored when <see cref="ModelPath"/> is set.
    /// </summary>
    public MiniLmPrecision Precision { get; set; } = MiniLmPrecision.Float32;

    /// <summary>
    /// Gets or sets an optional path to an ONNX model file that replaces the one embedded in the package. It must take
    /// the same inputs and produce <c>last_hidden_state</c>; give it its own cache key.
    /// </summary>
    public string? ModelPath { get; set; }
}
