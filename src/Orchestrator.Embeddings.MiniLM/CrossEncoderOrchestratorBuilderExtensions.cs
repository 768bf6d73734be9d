using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.DependencyInjection;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Retrieval;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the ONNX cross-encoder reranker to Orchestrator.</summary>
public static class CrossEncoderOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="CrossEncoderReranker"/> as the keyed <see cref="IReranker"/> <see cref="RerankerKeys.CrossEncoder"/>,
    /// the part the balanced and accurate rerank tiers use. The model is loaded on first use.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="modelPath">The ONNX cross-encoder model file.</param>
    /// <param name="vocabularyPath">Its WordPiece vocabulary; <c>vocab.txt</c> beside the model when <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="FileNotFoundException">The model or its vocabulary does not exist.</exception>
    public static OrchestratorBuilder AddCrossEncoderReranker(this OrchestratorBuilder builder, string modelPath, string? vocabularyPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var model = Path.GetFullPath(modelPath);
        var vocabulary = vocabularyPath is null ? Path.Combine(Path.GetDirectoryName(model)!, "vocab.txt") : Path.GetFullPath(vocabularyPath);
        if (!File.Exists(model) || !File.Exists(vocabulary))
        {
            throw new FileNotFoundException($"The cross-encoder needs an ONNX model and its vocab.txt; '{model}' or '{vocabulary}' does not exist.", File.Exists(model) ? vocabulary : model);
        }

        builder.Services.TryAddKeyedSingleton<IReranker>(RerankerKeys.CrossEncoder, (_, _) => new CrossEncoderReranker(model, vocabulary));
        return builder;
    }
}
