namespace Orchestrator.Rag.Ingestion;

/// <summary>What an ingestion run did.</summary>
/// <param name="Added">Documents indexed for the first time.</param>
/// <param name="Updated">Documents whose content changed and whose chunks were replaced.</param>
/// <param name="Skipped">Documents unchanged since the last ingestion.</param>
/// <param name="Chunks">Chunks written.</param>
public sealed record IngestResult(int Added, int Updated, int Skipped, int Chunks);
