using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Tests;

public sealed class PiiDetectorTests
{
    [Theory]
    [InlineData("write to ada.lovelace@example.co.uk please", "email")]
    [InlineData("call +44 20 7946 0958 tomorrow", "phone")]
    [InlineData("call (555) 123-4567", "phone")]
    [InlineData("card 4111-1111-1111-1111 exp 12/30", "card")]
    [InlineData("ssn 123-45-6789", "national_id")]
    [InlineData("NI number AB 12 34 56 C", "national_id")]
    public void Personal_data_is_flagged(string text, string kind) =>
        Assert.Contains(kind, PiiDetector.Detect(text));

    [Theory]
    [InlineData("the build took 1234567890123 ms")]
    [InlineData("version 2024.1.15 shipped")]
    [InlineData("just a note about teal")]
    public void Ordinary_text_is_not_flagged_as_a_card_or_email(string text)
    {
        var found = PiiDetector.Detect(text);
        Assert.DoesNotContain("card", found);
        Assert.DoesNotContain("email", found);
    }
}
