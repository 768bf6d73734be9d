using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Evaluation;

/// <summary>How <see cref="EvalIndex"/> cuts documents into passages for the dense index (on top of the whole-document embedding).</summary>
/// <param name="Chunker">The chunker that cuts each document's text.</param>
public sealed record EvalPassages(ITextChunker Chunker)
{
    /// <summary>Gets the shortest document (title and text, in characters) that gets passages.</summary>
    public int MinimumLength { get; init; }

    /// <summary>Gets a value indicating whether the first passage is left out (the whole-document embedding already covers it).</summary>
    public bool SkipFirst { get; init; }

    /// <summary>Gets a value indicating whether the document title is prepended to each passage before embedding.</summary>
    public bool WithTitle { get; init; } = true;
}
