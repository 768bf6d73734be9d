using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Loaders;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Plugin;

/// <summary>
/// Semantic Kernel plugin over a <see cref="RagIndex"/>: <c>search</c>, <c>ask</c> (grounded answer with numbered
/// citations; extractive when no <see cref="IChatClient"/> is registered) and <c>ingest</c>.
/// </summary>
public sealed partial class RagPlugin
{
    private readonly Func<CancellationToken, ValueTask<RagIndex>> _index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IChatClient? _chatClient;
    private readonly DocumentReader _reader;
    private readonly IngestPathGuard _ingestGuard;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RagPlugin"/> class.</summary>
    /// <param name="index">The index to search and ingest into.</param>
    /// <param name="embedder">The embedder (used for extractive answers).</param>
    /// <param name="chatClient">A chat client for generated answers; <see langword="null"/> gives extractive answers.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="options">What <c>ingest</c> may read; without them it refuses every path.</param>
    /// <exception cref="ArgumentException">An ingest root does not exist.</exception>
    public RagPlugin(RagIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, IChatClient? chatClient = null, ILogger<RagPlugin>? logger = null, RagPluginOptions? options = null)
        : this(index is null ? throw new ArgumentNullException(nameof(index)) : _ => ValueTask.FromResult(index), embedder, chatClient, logger, options)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RagPlugin"/> class over an index opened on first use (what <c>AddRag</c> registers).</summary>
    /// <param name="indexes">Opens and shares the index.</param>
    /// <param name="embedder">The embedder (used for extractive answers).</param>
    /// <param name="chatClient">A chat client for generated answers; <see langword="null"/> gives extractive answers.</param>
    /// <param name="logger">A logger.</param>
    /// <param name="options">What <c>ingest</c> may read; without them it refuses every path.</param>
    /// <exception cref="ArgumentException">An ingest root does not exist.</exception>
    public RagPlugin(RagIndexProvider indexes, IEmbeddingGenerator<string, Embedding<float>> embedder, IChatClient? chatClient = null, ILogger<RagPlugin>? logger = null, RagPluginOptions? options = null)
        : this(indexes is null ? throw new ArgumentNullException(nameof(indexes)) : indexes.GetAsync, embedder, chatClient, logger, options)
    {
    }

    private RagPlugin(Func<CancellationToken, ValueTask<RagIndex>> index, IEmbeddingGenerator<string, Embedding<float>> embedder, IChatClient? chatClient, ILogger<RagPlugin>? logger, RagPluginOptions? options)
    {
        _index = index;
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _chatClient = chatClient;
        _reader = new DocumentReader();
        _ingestGuard = new IngestPathGuard(options ?? new RagPluginOptions());
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Searches the indexed documents.</summary>
    /// <param name="query">What to look for.</param>
    /// <param name="top">How many chunks to return.</param>
    /// <param name="filter">Optional metadata filter as <c>key=value</c> pairs separated by ';'.</param>
    /// <param name="cancellationToken">A token to cancel the search.</param>
    /// <returns>The chunks with scores and sources, best first.</returns>
    [KernelFunction("search"), Description("Search the indexed documents; returns passages with scores and sources.")]
    public async Task<IReadOnlyList<RagSearchHit>> SearchAsync(
        [Description("What to look for, in natural language.")] string query,
        [Description("How many passages to return.")] int top = 5,
        [Description("Optional metadata filter: key=value pairs separated by ';', e.g. 'year=1961;format=txt'.")] string? filter = null,
        CancellationToken cancellationToken = default)
    {
        var index = await _index(cancellationToken).ConfigureAwait(false);
        var results = await index.Retriever.RetrieveAsync(query, new RetrievalOptions { TopK = top, Filter = ParseFilter(filter) }, cancellationToken).ConfigureAwait(false);
        Log.Searched(_logger, results.Count, top);
        return [.. results.Select((r, i) => new RagSearchHit(
            i + 1, r.Score, r.Chunk.DocumentId, r.Chunk.Id, r.Chunk.Metadata.GetValueOrDefault("source"), r.Chunk.Title, r.Chunk.Text))];
    }

    /// <summary>Answers a question from the indexed documents, citing them.</summary>
    /// <param name="question">The question.</param>
    /// <param name="top">How many passages to ground the answer in.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The answer and its citations.</returns>
    [KernelFunction("ask"), Description("Answer a question from the indexed documents, with numbered citations [n] that resolve to documents and passages.")]
    public async Task<RagAnswer> AskAsync(
        [Description("The question.")] string question,
        [Description("How many passages to ground the answer in.")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        var index = await _index(cancellationToken).ConfigureAwait(false);
        var chunks = await index.Retriever.RetrieveAsync(question, new RetrievalOptions { TopK = top }, cancellationToken).ConfigureAwait(false);
        var citations = chunks.Select((c, i) => new RagCitation(i + 1, c.Chunk.DocumentId, c.Chunk.Id, c.Chunk.Metadata.GetValueOrDefault("source"), c.Chunk.Title)).ToArray();
        if (chunks.Count == 0)
        {
            return new RagAnswer("No indexed passage matches the question; ingest documents first.", _chatClient is null, citations);
        }

        if (_chatClient is null)
        {
            Log.Extractive(_logger);
            var text = await ExtractiveAnswerer.AnswerAsync(question, chunks, _embedder, 3, cancellationToken).ConfigureAwait(false);
            return new RagAnswer(text, true, citations);
        }

        var response = await _chatClient.GetResponseAsync(BuildPrompt(question, chunks), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RagAnswer(response.Text, false, citations);
    }

    /// <summary>
    /// Ingests a file or a folder (text, Markdown, HTML, PDF) inside <see cref="RagPluginOptions.IngestRoots"/>; unchanged
    /// documents are skipped. A model calls this, so the path is confined: outside the roots (also through a symbolic
    /// link), a secret or credential name, or an oversize file is refused; in a folder such files are left out and listed.
    /// </summary>
    /// <param name="path">The file or folder, absolute or relative to the first root.</param>
    /// <param name="cancellationToken">A token to cancel ingestion.</param>
    /// <returns>A summary of what was done, with the files left out and why.</returns>
    /// <exception cref="InvalidOperationException">No ingest root is configured.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is outside the roots, forbidden, or too large.</exception>
    [KernelFunction("ingest"), Description("Index a file or folder of text, Markdown, HTML or PDF documents from the folders this host allows.")]
    public async Task<RagIngestReport> IngestAsync([Description("A file or folder path inside the allowed ingest folders.")] string path, CancellationToken cancellationToken = default)
    {
        var (files, baseDirectory, folder, refused) = _ingestGuard.Resolve(path);
        var documents = new List<SourceDocument>();

        // In a folder, files no loader reads are passed over; a single file of that kind is an error (ReadFileAsync says so).
        foreach (var file in folder ? files.Where(_reader.CanRead) : files)
        {
            documents.Add(await _reader.ReadFileAsync(file, baseDirectory, cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var index = await _index(cancellationToken).ConfigureAwait(false);
        var result = await index.IngestAsync(documents, cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.Ingested(_logger, result.Added, result.Updated, result.Skipped);
        return new RagIngestReport(result.Added, result.Updated, result.Skipped, result.Chunks, refused);
    }

    private static List<ChatMessage> BuildPrompt(string question, IReadOnlyList<ScoredChunk> chunks)
    {
        var sources = new StringBuilder();
        for (var i = 0; i < chunks.Count; i++)
        {
            sources.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {chunks[i].Chunk.Title}\n{chunks[i].Chunk.Text}\n\n");
        }

        return
        [
            new(ChatRole.System, "Answer only from the numbered sources. Cite every claim with its source number in brackets, like [2]. If the sources do not contain the answer, say so."),
            new(ChatRole.User, $"Sources:\n{sources}Question: {question}"),
        ];
    }

    private static MetadataFilter? ParseFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var result = new MetadataFilter();
        foreach (var pair in filter.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"Filter part '{pair}' is not key=value.", nameof(filter));
            }

            result.AnyOf(pair[..eq].Trim(), pair[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries));
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "RAG search returned {Count} of {Top} requested chunks")]
        public static partial void Searched(ILogger logger, int count, int top);

        [LoggerMessage(2, LogLevel.Information, "No chat client is registered: answering extractively")]
        public static partial void Extractive(ILogger logger);

        [LoggerMessage(3, LogLevel.Information, "Ingested: {Added} added, {Updated} updated, {Skipped} unchanged")]
        public static partial void Ingested(ILogger logger, int added, int updated, int skipped);
    }
}
