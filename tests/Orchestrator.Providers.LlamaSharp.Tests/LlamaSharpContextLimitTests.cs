using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>The context window bounds prompt and completion.</summary>
public sealed class LlamaSharpContextLimitTests(Stories260K model) : IClassFixture<Stories260K>
{
    private const int ContextSize = 64;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_prompt_that_fills_the_context_is_rejected_naming_the_setting()
    {
        using var provider = SmallContextProvider();
        var client = provider.CreateChatClient(Stories260K.ModelId);
        var longPrompt = string.Join(' ', Enumerable.Repeat("The little dog ran to the park.", 20));

        var error = await Assert.ThrowsAsync<ProviderRequestRejectedException>(() => client.GetResponseAsync(longPrompt, cancellationToken: Cancel));

        Assert.Equal(ProviderFailureKind.BadRequest, error.Kind);
        Assert.Contains("Settings:ContextSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generation_without_a_token_limit_stops_for_length_when_the_context_is_full()
    {
        using var provider = SmallContextProvider();
        var client = provider.CreateChatClient(Stories260K.ModelId);

        var response = await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0 }, Cancel);

        // The context holds the prompt and every generated token but the last, which is sampled and never decoded.
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(ContextSize - response.Usage?.InputTokenCount + 1, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Invalid_sampling_options_are_rejected_before_generation()
    {
        using var provider = SmallContextProvider();
        var client = provider.CreateChatClient(Stories260K.ModelId);

        var error = await Assert.ThrowsAsync<ProviderRequestRejectedException>(
            () => client.GetResponseAsync("Once", new ChatOptions { MaxOutputTokens = 0 }, Cancel));

        Assert.Contains("MaxOutputTokens", error.Message, StringComparison.Ordinal);
    }

    private LlamaSharpChatProvider SmallContextProvider() =>
        (LlamaSharpChatProvider)new LlamaSharpChatProviderFactory(NullLoggerFactory.Instance, TimeProvider.System)
            .Create(Stories260K.Descriptor(model.RequirePath(), ContextSize));
}
