using Microsoft.Extensions.AI;

namespace Orchestrator.Retrieval;

/// <summary>
/// Marks an embedding request as a search query. Asymmetric retrieval models (arctic-embed, e5, bge, nomic) are trained
/// to embed a query differently from the passages it should find, usually after an instruction; a generator for such a
/// model reads the mark from <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> and embeds accordingly.
/// The mark travels through decorators (caches, logging, telemetry) like any other option, and generators that do not
/// know it ignore it: the OpenAI and Ollama generators forward only the properties they know.
/// </summary>
/// <remarks>
/// The key and value follow the <c>input_type</c> parameter of embedding APIs that distinguish the two (Voyage, Cohere).
/// </remarks>
public static class EmbeddingInputType
{
    /// <summary>The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> key.</summary>
    public const string Key = "input_type";

    /// <summary>The value that marks the inputs as search queries; absent (or any other value) means passages.</summary>
    public const string Query = "query";

    /// <summary>Returns whether <paramref name="options"/> mark the inputs as search queries.</summary>
    /// <param name="options">The options of an embedding request.</param>
    /// <returns><see langword="true"/> for queries.</returns>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true && value is string type && string.Equals(type, Query, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns options that mark the inputs as search queries: a copy of <paramref name="options"/> with the mark added.</summary>
    /// <param name="options">Options to copy, or null.</param>
    /// <returns>The marked options.</returns>
    public static EmbeddingGenerationOptions ForQueries(EmbeddingGenerationOptions? options = null)
    {
        var marked = options?.Clone() ?? new EmbeddingGenerationOptions();
        marked.AdditionalProperties ??= [];
        marked.AdditionalProperties[Key] = Query;
        return marked;
    }

    /// <summary>Embeds <paramref name="query"/> as a search query.</summary>
    /// <param name="generator">The embedding generator that embedded the passages.</param>
    /// <param name="query">The query text, without any instruction: a generator adds what its model expects.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The query's vector.</returns>
    public static async Task<ReadOnlyMemory<float>> GenerateQueryEmbeddingAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator, string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(query);
        return (await generator.GenerateAsync([query], ForQueries(), cancellationToken).ConfigureAwait(false))[0].Vector;
    }
}
