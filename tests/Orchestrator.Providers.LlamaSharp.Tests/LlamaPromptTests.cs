using Microsoft.Extensions.AI;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

public sealed class LlamaPromptTests
{
    [Fact]
    public void The_fallback_template_writes_one_role_line_per_message_and_ends_at_the_assistants_turn()
    {
        var prompt = LlamaPrompt.Fallback(
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, " Hi \n"),
            new(ChatRole.Assistant, "Hello."),
            new(ChatRole.Tool, "42"),
            new(ChatRole.User, "Story?"),
        ]);

        Assert.Equal("System: Be brief.\nUser: Hi\nAssistant: Hello.\nTool: 42\nUser: Story?\nAssistant:", prompt.Text);
        Assert.False(prompt.UsesModelTemplate);
        Assert.Equal(["\nUser:"], prompt.ImplicitStopSequences);
    }

    [Fact]
    public async Task A_model_without_a_chat_template_gets_the_fallback_template()
    {
        using var fixture = new Stories260K();
        var weights = await fixture.RequireProvider().Host.GetWeightsAsync(TestContext.Current.CancellationToken);

        var prompt = LlamaPrompt.Create(weights, [new(ChatRole.User, "Hi")], out var reason);

        Assert.Equal("User: Hi\nAssistant:", prompt.Text);
        Assert.Contains("tokenizer.chat_template", reason, StringComparison.Ordinal);
    }
}
