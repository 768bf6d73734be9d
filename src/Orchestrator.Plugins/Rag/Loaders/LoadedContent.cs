namespace Orchestrator.Rag.Loaders;

/// <summary>What a loader extracted from a file.</summary>
/// <param name="Text">The main text, with paragraphs separated by blank lines.</param>
/// <param name="Title">The title, when the format carries one.</param>
/// <param name="Metadata">Format-specific metadata (e.g. Markdown front matter, PDF author).</param>
public sealed record LoadedContent(string Text, string? Title, IReadOnlyDictionary<string, string> Metadata);
