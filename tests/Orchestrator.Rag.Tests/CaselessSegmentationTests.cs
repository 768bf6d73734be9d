using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Testing;

namespace Orchestrator.Rag.Tests;

/// <summary>The segmenter's rule for text without capitals (<see cref="SentenceSegmenter.Split(string, bool)"/>), on real lower-cased text.</summary>
public sealed class CaselessSegmentationTests
{
    // Cranfield document 2 as the collection ships it (lower case, full stops detached from their words).
    private const string Cranfield2 = "in the study of high-speed viscous flow past a two-dimensional body it\n" +
        "is usually necessary to consider a curved shock wave emitting from the\n" +
        "nose or leading edge of the body .  consequently, there exists an\n" +
        "inviscid rotational flow region between the shock wave and the boundary\n" +
        "layer .  such a situation arises, for instance, in the study of the\n" +
        "hypersonic viscous flow past a flat plate .  the situation is somewhat\n" +
        "different from prandtl's classical boundary-layer problem . in prandtl's\n" +
        "original problem the inviscid free stream outside the boundary layer is\n" +
        "irrotational while in a hypersonic boundary-layer problem the inviscid\n" +
        "free stream must be considered as rotational .";

    [Fact]
    public void Lower_case_text_is_split_at_each_full_stop_before_a_word()
    {
        var sentences = SentenceSegmenter.Split(Cranfield2, caselessText: true);

        Assert.Equal(5, sentences.Count);
        Assert.StartsWith("in the study of high-speed viscous flow", sentences[0], StringComparison.Ordinal);
        Assert.EndsWith("leading edge of the body .", sentences[0], StringComparison.Ordinal);
        Assert.StartsWith("consequently, there exists", sentences[1], StringComparison.Ordinal);
        Assert.StartsWith("such a situation arises", sentences[2], StringComparison.Ordinal);
        Assert.Equal("the situation is somewhat\ndifferent from prandtl's classical boundary-layer problem .", sentences[3]);
        Assert.StartsWith("in prandtl's\noriginal problem", sentences[4], StringComparison.Ordinal);

        // Without the rule the paragraph stays one sentence: no capital follows any full stop.
        Assert.Single(SentenceSegmenter.Split(Cranfield2));
    }

    [Fact]
    public void Abbreviations_initials_dotted_words_decimals_and_ellipses_do_not_end_a_lower_case_sentence()
    {
        // Cranfield-style citations and prose, lower-cased.
        const string Text = "results of ferri, a. and libby, p. a. agree within 3.5 percent, cf. fig. 2 of the report . " +
            "the tests at troy, n.y. were repeated, e.g. at mach 2.5 and mach 3 . the flow... then separated ! why ? see above.";

        var sentences = SentenceSegmenter.Split(Text, caselessText: true);

        Assert.Equal(
            [
                "results of ferri, a. and libby, p. a. agree within 3.5 percent, cf. fig. 2 of the report .",
                "the tests at troy, n.y. were repeated, e.g. at mach 2.5 and mach 3 .",
                "the flow... then separated !",
                "why ?",
                "see above.",
            ],
            sentences);
    }

    [Fact]
    public void Text_with_any_capital_letter_is_split_exactly_as_without_the_rule()
    {
        string[] texts =
        [
            "Mr. Speaker, members of the Congress: it is a pleasure. The growth rate was 2.5 percent in Jan. of that year. John F. Kennedy signed it, e.g. the farm bill.",
            "Results vs. controls were similar. patients (n = 12) improved.\n\nMethods\nWe used et al. methods",
            "the flow separated . the shock moved upstream as in NACA tests . the wake was wide .",
        ];

        Assert.All(texts, t => Assert.Equal(SentenceSegmenter.Split(t), SentenceSegmenter.Split(t, caselessText: true)));
    }

    [Fact]
    public void Real_collections_segment_unchanged_except_lower_cased_cranfield()
    {
        var root = SharedAssets.TryGet("eval");
        if (root is null)
        {
            Assert.Skip(SharedAssets.SkipReason("eval"));
        }

        foreach (var dataset in new[] { BeirLoader.Load(Path.Combine(root, "scifact")), SmartLoader.LoadCisi(Path.Combine(root, "cisi")), SquadLoader.Load(Path.Combine(root, "squad")) })
        {
            var changed = dataset.Documents.Where(d => !SentenceSegmenter.Split(d.Text).SequenceEqual(SentenceSegmenter.Split(d.Text, caselessText: true))).Select(d => d.Id).ToArray();
            Assert.True(changed.Length == 0, $"{dataset.Name}: {changed.Length} documents segment differently, e.g. {string.Join(", ", changed.Take(5))}");
        }

        var cranfield = SmartLoader.LoadCranfield(Path.Combine(root, "cranfield"));
        var before = cranfield.Documents.Sum(d => SentenceSegmenter.Split(d.Text).Count);
        var after = cranfield.Documents.Sum(d => SentenceSegmenter.Split(d.Text, caselessText: true).Count);
        Assert.Equal(1_400, cranfield.Documents.Count);
        Assert.True(before < 1.2 * cranfield.Documents.Count, $"without the rule: {before} sentences");
        Assert.True(after > 4 * cranfield.Documents.Count, $"with the rule: {after} sentences");
    }
}
