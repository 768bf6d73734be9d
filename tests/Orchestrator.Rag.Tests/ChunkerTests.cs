using Orchestrator.Rag.Chunking;

namespace Orchestrator.Rag.Tests;

public sealed class ChunkerTests
{
    private const string Speech =
        "The farm economy suffered this year. Wheat prices fell and corn prices fell. Farmers lost income on every crop.\n\n" +
        "Our space program reached the moon. Rockets and astronauts flew farther than ever. The moon landing inspired the nation.";

    [Fact]
    public async Task Fixed_size_chunks_respect_the_size_overlap_and_word_boundaries()
    {
        var chunks = await new FixedSizeChunker(size: 60, overlap: 15).ChunkAsync(Speech, TestContext.Current.CancellationToken);

        Assert.All(chunks, c => Assert.True(c.Length <= 60, c));
        Assert.All(chunks, c => Assert.DoesNotContain("  ", c, StringComparison.Ordinal));
        var words = Speech.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.All(chunks.SelectMany(c => c.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), w => Assert.Contains(w, words));
        Assert.EndsWith("inspired the nation.", chunks[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recursive_chunker_splits_at_paragraphs_before_sentences()
    {
        var chunks = await new RecursiveChunker(size: 120).ChunkAsync(Speech, TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        Assert.StartsWith("The farm economy", chunks[0], StringComparison.Ordinal);
        Assert.StartsWith("Our space program", chunks[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semantic_chunker_breaks_where_the_topic_changes()
    {
        using var fixture = new MiniLmFixture();
        // Adjacent-sentence similarities here are 0.44-0.62 within a topic and 0.11 across it (int8 MiniLM; fp32 differs
        // by up to 0.02), so 0.3 sits well clear of both; 0.45 was within 0.01 of the first pair.
        var chunker = new SemanticChunker(fixture.Generator, new SemanticChunkerOptions { Threshold = 0.3f });

        var chunks = await chunker.ChunkAsync(Speech.Replace("\n\n", " ", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        Assert.EndsWith("every crop.", chunks[0], StringComparison.Ordinal);
        Assert.StartsWith("Our space program", chunks[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semantic_chunker_overlap_repeats_the_last_sentence_of_the_previous_chunk()
    {
        using var fixture = new MiniLmFixture();
        var chunker = new SemanticChunker(fixture.Generator, new SemanticChunkerOptions { Threshold = 0.3f, OverlapSentences = 1 });

        var chunks = await chunker.ChunkAsync(Speech.Replace("\n\n", " ", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        Assert.StartsWith("Farmers lost income on every crop. Our space program", chunks[1], StringComparison.Ordinal);
    }
}
