using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.Rag.Ingestion;

/// <summary>
/// Which embedding model built an index (<c>embedder.json</c> beside the manifest): vectors of two models, or of one
/// model in two precisions, live in different spaces, and a query embedded by one finds nothing meaningful among
/// vectors of the other.
/// </summary>
/// <param name="Provider">The provider name reported by the embedder, if any.</param>
/// <param name="Model">The model id reported by the embedder.</param>
/// <param name="Dimensions">The dimension reported by the embedder, if any.</param>
internal sealed record EmbedderProvenance(string? Provider, string Model, int? Dimensions)
{
    public const string FileName = "embedder.json";

    /// <summary>Returns what <paramref name="embedder"/> reports about itself, or null when it reports no model id.</summary>
    public static EmbedderProvenance? Of(IEmbeddingGenerator<string, Embedding<float>> embedder) =>
        embedder.GetService<EmbeddingGeneratorMetadata>() is { DefaultModelId: { Length: > 0 } model } metadata
            ? new EmbedderProvenance(metadata.ProviderName, model, metadata.DefaultModelDimensions)
            : null;

    public static async Task<EmbedderProvenance?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), RagJsonContext.Default.EmbedderProvenance)
                ?? throw new InvalidDataException($"'{path}' is empty; it should name the embedding model that built the index.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON ({ex.Message}); it should name the embedding model that built the index. Delete the index folder and ingest again to rebuild it.", ex);
        }
    }

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(this, RagJsonContext.Default.EmbedderProvenance), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    public override string ToString() =>
        $"'{Model}' ({Provider ?? "provider not reported"}, {(Dimensions is { } d ? $"{d} dimensions" : "dimensions not reported")})";
}
