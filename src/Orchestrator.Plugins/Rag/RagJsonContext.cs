using System.Text.Json.Serialization;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag;

/// <summary>Source-generated JSON for what the RAG stores persist.</summary>
[JsonSerializable(typeof(DocumentChunk))]
[JsonSerializable(typeof(List<DocumentChunk>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Orchestrator.Rag.Ingestion.EmbedderProvenance))]
internal sealed partial class RagJsonContext : JsonSerializerContext;
