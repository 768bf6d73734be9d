using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Text_passes_through_unchanged_without_stop_sequences()
    {
        var matcher = new StopSequenceMatcher([]);

        Assert.Equal("Once", matcher.Add("Once"));
        Assert.Equal(" upon", matcher.Add(" upon"));
        Assert.Equal(string.Empty, matcher.Flush());
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void A_stop_sequence_split_across_tokens_is_held_back_and_never_shown()
    {
        var matcher = new StopSequenceMatcher(["\nUser:"]);

        Assert.Equal("The end.", matcher.Add("The end.\n"));
        Assert.Equal(string.Empty, matcher.Add("Us"));
        Assert.Equal(string.Empty, matcher.Add("er: more"));
        Assert.True(matcher.Stopped);
        Assert.Equal(string.Empty, matcher.Add("ignored"));
    }

    [Fact]
    public void Held_back_text_that_does_not_become_a_stop_sequence_is_released()
    {
        var matcher = new StopSequenceMatcher(["\nUser:"]);

        Assert.Equal("a", matcher.Add("a\nUs"));
        Assert.Equal("\nUsually", matcher.Add("ually"));
        Assert.Equal("b", matcher.Add("b\n"));
        Assert.Equal("\n", matcher.Flush());
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var matcher = new StopSequenceMatcher(["dog", "cat"]);

        Assert.Equal("a ", matcher.Add("a cat and a dog"));
        Assert.True(matcher.Stopped);
    }
}
