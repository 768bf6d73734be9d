using Orchestrator.Rag.Keyword;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class LuceneBm25IndexTests
{
    private static LuceneBm25Index Build(string? path = null)
    {
        var index = new LuceneBm25Index(new LuceneBm25Options { Path = path });
        index.Upsert(
        [
            Chunks.Make("tax", "The tax cuts will not reduce revenue; the budget stays balanced.", ("year", "1962")),
            Chunks.Make("farm", "Farm income fell as prices for wheat and corn declined.", ("year", "1961")),
            Chunks.Make("space", "We choose to go to the moon and do the other things.", ("year", "1962")),
        ]);
        index.Commit();
        return index;
    }

    [Fact]
    public void Boolean_words_in_a_question_are_searched_as_words_not_operators()
    {
        using var index = Build();

        // Through QueryParser, "NOT" would exclude every document mentioning revenue.
        var results = index.Search("why will tax cuts NOT reduce revenue", 10);

        Assert.Equal("tax", results[0].Chunk.DocumentId);
        Assert.Empty(index.Search("AND OR NOT", 10)); // all stop words or operators: nothing to match, and no syntax error
    }

    [Fact]
    public void Stemming_matches_inflected_forms()
    {
        using var index = Build();

        Assert.Equal("farm", index.Search("declining farmers' prices", 1)[0].Chunk.DocumentId);
    }

    [Fact]
    public void Filter_applies_before_top_k()
    {
        using var index = Build();

        var results = index.Search("tax moon farm budget", 1, new MetadataFilter().Equal("year", "1961"));

        Assert.Equal(["farm"], results.Select(r => r.Chunk.DocumentId));
    }

    [Fact]
    public void Index_persists_to_a_folder_and_deleting_a_document_removes_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "orch-bm25-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var index = Build(path))
            {
                index.DeleteDocument("space");
                index.Commit();
            }

            using var reopened = new LuceneBm25Index(new LuceneBm25Options { Path = path });
            Assert.Equal(2, reopened.Count);
            Assert.Empty(reopened.Search("moon", 10));
            Assert.Equal("1962", reopened.Search("budget", 1)[0].Chunk.Metadata["year"]);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
