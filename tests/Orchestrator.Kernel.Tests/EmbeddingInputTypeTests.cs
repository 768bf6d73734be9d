using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Kernel.Tests;

public sealed class EmbeddingInputTypeTests
{
    [Fact]
    public void Marking_queries_copies_the_callers_options_and_leaves_them_unmarked()
    {
        var mine = new EmbeddingGenerationOptions { Dimensions = 256, AdditionalProperties = new() { ["EndUserId"] = "alice" } };

        var marked = EmbeddingInputType.ForQueries(mine);

        Assert.True(EmbeddingInputType.IsQuery(marked));
        Assert.Equal(256, marked.Dimensions);
        Assert.Equal("alice", marked.AdditionalProperties!["EndUserId"]);
        Assert.False(EmbeddingInputType.IsQuery(mine));
        Assert.False(mine.AdditionalProperties.ContainsKey(EmbeddingInputType.Key));
    }

    [Fact]
    public void Only_the_query_value_marks_a_query()
    {
        Assert.False(EmbeddingInputType.IsQuery(null));
        Assert.False(EmbeddingInputType.IsQuery(new EmbeddingGenerationOptions()));
        Assert.False(EmbeddingInputType.IsQuery(new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputType.Key] = "document" } }));
        Assert.False(EmbeddingInputType.IsQuery(new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputType.Key] = 1 } }));
        Assert.True(EmbeddingInputType.IsQuery(new EmbeddingGenerationOptions { AdditionalProperties = new() { [EmbeddingInputType.Key] = "Query" } }));
    }
}
