namespace Orchestrator.Embeddings.MiniLM;

/// <summary>Options for <see cref="MiniLmEmbeddingGenerator"/>.</summary>
public sealed class MiniLmEmbeddingOptions
{
    /// <summary>
    /// Gets or sets the maximum number of word pieces per input, special tokens included.
    /// all-MiniLM-L6-v2 was trained at 256; longer inputs cost quadratically more and gain nothing.
    /// </summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets how many inputs go through the model in one call (inputs are length-sorted first).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Gets or sets the ONNX Runtime intra-op thread count; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Gets or sets an optional path to an ONNX model file that replaces the one embedded in the package (e.g. an int8-quantized export).</summary>
    public string? ModelPath { get; set; }
}
