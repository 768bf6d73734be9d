namespace Orchestrator.Retrieval;

/// <summary>A loaded document, before chunking.</summary>
/// <param name="Id">A stable id (by default derived from the source path).</param>
/// <param name="Text">The extracted main text.</param>
/// <param name="Title">The title, if the format has one.</param>
/// <param name="Metadata">Metadata: <c>source</c>, <c>title</c>, dates, tags and any user fields.</param>
public sealed record SourceDocument(string Id, string Text, string? Title, IReadOnlyDictionary<string, string> Metadata);
