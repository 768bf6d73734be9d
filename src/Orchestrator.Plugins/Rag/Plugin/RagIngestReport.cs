namespace Orchestrator.Rag.Plugin;

/// <summary>What the plugin's <c>ingest</c> function did.</summary>
/// <param name="Added">Documents indexed for the first time.</param>
/// <param name="Updated">Documents whose content changed and whose chunks were replaced.</param>
/// <param name="Skipped">Documents unchanged since the last ingestion.</param>
/// <param name="Chunks">Chunks written.</param>
/// <param name="Refused">Files of the folder left out, with the reason (a forbidden name, over the size limit).</param>
public sealed record RagIngestReport(int Added, int Updated, int Skipped, int Chunks, IReadOnlyList<string> Refused);
