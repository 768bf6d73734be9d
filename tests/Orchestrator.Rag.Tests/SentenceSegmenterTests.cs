using Orchestrator.Rag.Chunking;

namespace Orchestrator.Rag.Tests;

public sealed class SentenceSegmenterTests
{
    [Fact]
    public void Abbreviations_initials_and_decimals_do_not_end_sentences()
    {
        // From the 1961 State of the Union (public domain), with a decimal and an initial added.
        const string Text = "Mr. Speaker, Mr. Vice President, members of the Congress: It is a pleasure to return from whence I came. " +
            "The growth rate was 2.5 percent in Jan. of that year. John F. Kennedy signed it, e.g. the farm bill, at 3 p.m. on Monday.";

        var sentences = SentenceSegmenter.Split(Text);

        Assert.Equal(
            [
                "Mr. Speaker, Mr. Vice President, members of the Congress: It is a pleasure to return from whence I came.",
                "The growth rate was 2.5 percent in Jan. of that year.",
                "John F. Kennedy signed it, e.g. the farm bill, at 3 p.m. on Monday.",
            ],
            sentences);
    }

    [Fact]
    public void Questions_exclamations_and_quotes_end_sentences_with_their_closers()
    {
        var sentences = SentenceSegmenter.Split("He asked, \"Is it done?\" She said no! Then (after a pause.) they left...");

        Assert.Equal(["He asked, \"Is it done?\"", "She said no!", "Then (after a pause.) they left..."], sentences);
    }

    [Fact]
    public void Lower_case_after_a_period_continues_the_sentence_and_blank_lines_split()
    {
        var sentences = SentenceSegmenter.Split("Results vs. controls were similar. Patients (n = 12) improved.\n\nMethods\nWe used et al. methods");

        Assert.Equal(["Results vs. controls were similar.", "Patients (n = 12) improved.", "Methods\nWe used et al. methods"], sentences);
    }

    [Fact]
    public void Scientific_abstract_sentences_are_found()
    {
        // A SciFact-style abstract: numbers with decimals, "95% CI", "P < 0.001", and an abbreviation mid-sentence.
        const string Text = "Mortality was 4.2% (95% CI 3.1-5.6). The hazard ratio was 0.78, i.e. a 22% reduction (P < 0.001). " +
            "These data, cf. Fig. 2, support early treatment.";

        var sentences = SentenceSegmenter.Split(Text);

        Assert.Equal(3, sentences.Count);
        Assert.StartsWith("These data, cf. Fig. 2", sentences[2], StringComparison.Ordinal);
    }
}
