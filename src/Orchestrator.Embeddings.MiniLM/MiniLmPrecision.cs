using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>The numeric precision <see cref="MiniLmEmbeddingGenerator"/> runs the model's matrix products in.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Float32 and Int8 are the precisions' own names (the ONNX tensor types), which users look for.")]
public enum MiniLmPrecision
{
    /// <summary>The package's fp32 model as it ships.</summary>
    Float32,

    /// <summary>
    /// The same model with its weight matrices quantized to int8 when it is loaded (dynamic quantization: activations
    /// are quantized at run time). Faster on CPUs with int8 dot-product instructions (AVX-512 VNNI, AVX-VNNI, ARM dot
    /// product); its embeddings differ slightly from fp32, so it has its own cache key.
    /// </summary>
    Int8,
}
