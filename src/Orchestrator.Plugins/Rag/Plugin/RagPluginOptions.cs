namespace Orchestrator.Rag.Plugin;

/// <summary>What the model-callable functions of <see cref="RagPlugin"/> may touch on the host.</summary>
public sealed class RagPluginOptions
{
    /// <summary>
    /// Gets the folders the <c>ingest</c> function may read from. Empty (the default): <c>ingest</c> refuses every
    /// path, since a model's tool call could otherwise index any readable file on the host and then quote it through
    /// <c>search</c>. Host code ingests through <see cref="Ingestion.RagIndex.IngestAsync"/> without this limit.
    /// </summary>
    public IList<string> IngestRoots { get; } = [];

    /// <summary>Gets the names <c>ingest</c> never reads (glob, case-insensitive, any path segment below a root): secrets and credentials by default.</summary>
    public IList<string> ForbiddenPatterns { get; } = [.. McpServers.Security.SecretPathPatterns.Defaults];

    /// <summary>Gets or sets the largest file <c>ingest</c> reads, in bytes (default 20 MB).</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;
}
