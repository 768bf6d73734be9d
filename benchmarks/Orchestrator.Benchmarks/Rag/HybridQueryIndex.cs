using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Embeddings;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// The index the hybrid query benchmarks search: the first 5,000 SciFact documents indexed as <c>eval --pipeline
/// hybrid</c> indexes them (the default pipeline): BM25, a whole-document vector plus 1,000-character passage vectors
/// for longer documents, and a vector per sentence. Embeddings come from the on-disk cache the eval command fills.
/// </summary>
internal static class HybridQueryIndex
{
    public const int Documents = 5000;

    /// <summary>The embedding cache folder the eval command fills.</summary>
    public static string CacheDirectory { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "orchestrator", "embeddings");

    public static async Task<(EvalIndex Index, string[] Queries)> BuildAsync(MiniLmEmbeddingGenerator model, MiniLmPrecision precision)
    {
        var full = SciFact.Load();
        var dataset = full with { Documents = [.. full.Documents.Take(Documents)] };

        // The cache decorator owns its own generator of the same precision, not the caller's query model.
        using var cached = new DiskCachedEmbeddingGenerator(new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Precision = precision }), CacheDirectory, model.CacheKey);

        // What EvalCommand.PassagesFor gives the default hybrid pipeline.
        var passages = new EvalPassages(new RecursiveChunker(1000)) { MinimumLength = 1001, SkipFirst = true };
        var index = await EvalIndex.BuildAsync(dataset, new LuceneBm25Options(), cached, passages, sentenceVectors: true);
        return (index, [.. dataset.Queries.Select(q => q.Text)]);
    }
}
