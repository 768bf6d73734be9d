using Microsoft.Extensions.AI;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>Real in-memory indexes over a few chunks: a Lucene BM25 index and an embedded vector index of their embeddings.</summary>
internal static class TestIndexes
{
    public static LuceneBm25Index Keyword(IEnumerable<DocumentChunk> chunks, LuceneBm25Options? options = null)
    {
        var index = new LuceneBm25Index(options ?? new LuceneBm25Options());
        index.Upsert(chunks);
        index.Commit();
        return index;
    }

    public static async Task<EmbeddedVectorIndex> VectorsAsync(IReadOnlyList<DocumentChunk> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        var index = new EmbeddedVectorIndex();
        var embeddings = await embedder.GenerateAsync(chunks.Select(c => c.Text), cancellationToken: cancellationToken);
        await index.UpsertAsync([.. chunks.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], cancellationToken);
        return index;
    }
}
