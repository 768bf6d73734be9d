using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;

namespace Orchestrator.Rag.Ingestion;

/// <summary>Options for <see cref="RagIndex"/>.</summary>
public sealed class RagIndexOptions
{
    /// <summary>Gets or sets the folder holding the persisted index (BM25, vectors, manifest).</summary>
    public string Directory { get; set; } = "rag-index";

    /// <summary>Gets or sets BM25 options (the path is set under <see cref="Directory"/>).</summary>
    public LuceneBm25Options Bm25 { get; set; } = new();

    /// <summary>Gets or sets retrieval options: mode and default fusion.</summary>
    public HybridRetrieverOptions Retrieval { get; set; } = new();

    /// <summary>Gets or sets the chunker.</summary>
    public ChunkingKind Chunking { get; set; } = ChunkingKind.Recursive;

    /// <summary>Gets or sets the maximum chunk size in characters (about 256 MiniLM word pieces at 1,000).</summary>
    public int ChunkSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets a value indicating whether ingestion also embeds every sentence of every chunk (stored in
    /// <c>sentences.bin</c>) so retrieval can score chunks by their best sentence (<see cref="Orchestrator.Retrieval.FusionOptions.SentenceWeight"/>).
    /// Costs one short embedding per sentence at ingestion. On by default (decision 0014). Changing it re-indexes each
    /// document on its next ingestion.
    /// </summary>
    public bool SentenceVectors { get; set; } = true;

    /// <summary>Gets or sets semantic chunking options.</summary>
    public SemanticChunkerOptions Semantic { get; set; } = new();
}
