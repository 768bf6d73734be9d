using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Qdrant;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Loaders;
using Orchestrator.Retrieval;
using Spectre.Console;

namespace Orchestrator.Samples.Rag;

/// <summary>The sample host's RAG setup: the shipped corpus, an on-disk index, the offline MiniLM embedder.</summary>
internal sealed class SampleRag : IAsyncDisposable
{
    private readonly RagIndexProvider _provider;

    private SampleRag(RagIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, RagIndexProvider provider)
    {
        Index = index;
        Embedder = embedder;
        _provider = provider;
    }

    public static string DefaultCorpus => Path.Combine(AppContext.BaseDirectory, "corpus", "sotu");

    /// <summary>
    /// The index folder used when none is given: one per embedding model, so configuring another model builds a new
    /// index beside the old one instead of refusing the old one (vectors of two models cannot be compared).
    /// </summary>
    public static string DefaultIndexDirectoryFor(IEmbeddingGenerator<string, Embedding<float>> embedder) =>
        Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "orchestrator",
            "index",
            "default-" + string.Concat((embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unnamed").Split(Path.GetInvalidFileNameChars())));

    public RagIndex Index { get; }

    public IEmbeddingGenerator<string, Embedding<float>> Embedder { get; }

    /// <summary>
    /// Opens the index. Vectors live in the embedded index beside BM25, or in Qdrant when
    /// <c>Orchestrator:Rag:Qdrant:Endpoint</c> is set (appsettings.json or the environment,
    /// <c>Orchestrator__Rag__Qdrant__Endpoint=http://localhost:6334</c>).
    /// </summary>
    public static async Task<SampleRag> OpenAsync(string? indexDirectory, CancellationToken cancellationToken)
    {
        var configuration = Hosting.OrchestratorHost.LoadConfiguration();
        var qdrant = configuration.GetSection(QdrantVectorIndexOptions.SectionName).Get<QdrantVectorIndexOptions>();
        var embedder = EmbedderFactory.Create(options: configuration.GetSection(MiniLmEmbeddingOptions.SectionName).Get<MiniLmEmbeddingOptions>());
        var options = new RagIndexOptions { Directory = indexDirectory ?? DefaultIndexDirectoryFor(embedder) };
        // The same provider AddRag registers, with the same Qdrant factory AddQdrantVectorIndex registers.
        var qdrantConfigured = !string.IsNullOrWhiteSpace(qdrant?.Endpoint);
        var provider = new RagIndexProvider(options, embedder, qdrantConfigured ? QdrantVectorIndex.Factory(qdrant!) : null);
        try
        {
            var index = await provider.GetAsync(cancellationToken);
            if (qdrantConfigured)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]Vectors: Qdrant {qdrant!.Endpoint}, collections {qdrant.Collection} and {qdrant.SentenceCollectionName}.[/]");
            }

            return new SampleRag(index, embedder, provider);
        }
        catch
        {
            await provider.DisposeAsync();
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>Opens the index and, on first use, indexes the shipped corpus into it.</summary>
    public static async Task<SampleRag> OpenIndexedAsync(string? indexDirectory, CancellationToken cancellationToken)
    {
        var rag = await OpenAsync(indexDirectory, cancellationToken);
        if (rag.Index.DocumentCount == 0)
        {
            AnsiConsole.MarkupLine("[grey]First run: indexing the shipped State of the Union corpus (cached on disk afterwards).[/]");
            await rag.IngestAsync(null, cancellationToken);
        }

        return rag;
    }

    /// <summary>Ingests a folder or file with a progress bar; the shipped corpus when <paramref name="path"/> is null.</summary>
    public async Task<IngestResult> IngestAsync(string? path, CancellationToken cancellationToken)
    {
        var reader = new DocumentReader();
        var documents = new List<SourceDocument>();
        await foreach (var document in reader.ReadAsync(path ?? DefaultCorpus, cancellationToken: cancellationToken))
        {
            documents.Add(WithFileNameFields(document));
        }

        IngestResult? result = null;
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("indexing", maxValue: Math.Max(1, documents.Count));
            result = await Index.IngestAsync(documents, new Progress<int>(n => task.Value = n), cancellationToken);
            task.Value = task.MaxValue;
        });
        return result!;
    }

    public async ValueTask DisposeAsync()
    {
        // The provider closes the index and the stores it opened.
        await _provider.DisposeAsync();
        Embedder.Dispose();
    }

    // The corpus names files YEAR_PRESIDENT_PARTY.txt: expose year and president as filterable metadata.
    private static SourceDocument WithFileNameFields(SourceDocument document)
    {
        var parts = Path.GetFileNameWithoutExtension(document.Id).Split('_');
        if (parts.Length < 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out _))
        {
            return document;
        }

        var president = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(string.Join(' ', parts[1..^1]));
        var metadata = new Dictionary<string, string>(document.Metadata) { ["year"] = parts[0], ["president"] = president };
        return document with { Title = $"State of the Union, {parts[0]} ({president})", Metadata = metadata };
    }
}
