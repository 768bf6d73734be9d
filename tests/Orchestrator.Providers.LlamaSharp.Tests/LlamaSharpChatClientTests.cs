using System.Diagnostics;
using Microsoft.Extensions.AI;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>Generation on the real stories260K model: text, streaming, limits, usage and sampling options.</summary>
public sealed class LlamaSharpChatClientTests(Stories260K model) : IClassFixture<Stories260K>
{
    private const string Prompt = "Once upon a time";

    // The documented fallback template of a single user message: "User: <text>\nAssistant:".
    private const string FormattedPrompt = "User: Once upon a time\nAssistant:";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ChatOptions Greedy(int maxTokens) => new() { Temperature = 0, Seed = 1, MaxOutputTokens = maxTokens };

    [Fact]
    public async Task Loads_the_gguf_model_once_and_reports_it_healthy()
    {
        var provider = model.RequireProvider();

        var health = await provider.CheckHealthAsync(Cancel);

        Assert.True(health.IsHealthy, health.Detail);
        Assert.Contains("stories260K.gguf", health.Detail, StringComparison.Ordinal);
        var weights = await provider.Host.GetWeightsAsync(Cancel);
        Assert.True(weights.ParameterCount > 0);
        Assert.Same(weights, await provider.Host.GetWeightsAsync(Cancel));
    }

    [Fact]
    public async Task Generates_non_empty_text_and_counts_prompt_tokens_with_the_models_tokenizer()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);

        var response = await client.GetResponseAsync(Prompt, Greedy(12), Cancel);

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(model.CountTokens(FormattedPrompt), response.Usage?.InputTokenCount);
        Assert.Equal(12, response.Usage?.OutputTokenCount);
        Assert.Equal(response.Usage?.InputTokenCount + 12, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Input_tokens_of_a_conversation_equal_the_tokenizer_count_of_the_fallback_formatted_prompt()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        ChatMessage[] conversation =
        [
            new(ChatRole.System, "You tell short stories."),
            new(ChatRole.User, "Tell me a story about a cat."),
            new(ChatRole.Assistant, "Once upon a time there was a cat named Tom."),
            new(ChatRole.User, "  Go on.  "),
        ];
        const string Formatted = "System: You tell short stories.\nUser: Tell me a story about a cat.\nAssistant: Once upon a time there was a cat named Tom.\nUser: Go on.\nAssistant:";

        var response = await client.GetResponseAsync(conversation, Greedy(4), Cancel);

        Assert.Equal(model.CountTokens(Formatted), response.Usage?.InputTokenCount);
        Assert.True(response.Usage?.InputTokenCount > model.CountTokens(FormattedPrompt));
    }

    [Fact]
    public async Task A_prompt_longer_than_one_decode_batch_is_processed_in_full()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        var story = string.Join(' ', Enumerable.Repeat("The little dog ran to the park and played with a red ball.", 60));

        var response = await client.GetResponseAsync(story, Greedy(5), Cancel);

        Assert.True(response.Usage?.InputTokenCount > 512, $"prompt of {response.Usage?.InputTokenCount} tokens fits one batch");
        Assert.Equal(model.CountTokens($"User: {story}\nAssistant:"), response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Offered_tools_are_ignored_and_the_model_answers_in_text()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        var options = Greedy(8);
        options.Tools = [AIFunctionFactory.Create(() => "sunny", "get_weather")];

        var response = await client.GetResponseAsync(Prompt, options, Cancel);

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
    }

    [Fact]
    public async Task Streaming_yields_tokens_whose_concatenation_equals_the_non_streamed_text()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        var whole = await client.GetResponseAsync(Prompt, Greedy(40), Cancel);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Prompt, Greedy(40), Cancel))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 10, $"only {updates.Count} updates");
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Length, last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.Equal(whole.Usage?.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(40, usage.OutputTokenCount);
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(u.FinishReason));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)]
    public async Task Stops_for_length_after_exactly_MaxOutputTokens(int limit)
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);

        var response = await client.GetResponseAsync(Prompt, new ChatOptions { MaxOutputTokens = limit, Temperature = 0.9f, Seed = limit }, Cancel);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(limit, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_text_just_before_it_with_finish_reason_stop()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        var free = (await client.GetResponseAsync(Prompt, Greedy(30), Cancel)).Text;
        var words = free.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 5, free);
        var stop = " " + words[4];
        var expected = free[..free.IndexOf(stop, StringComparison.Ordinal)];

        var options = Greedy(30);
        options.StopSequences = [stop];
        var stopped = await client.GetResponseAsync(Prompt, options, Cancel);

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.True(stopped.Usage?.OutputTokenCount < 30);
    }

    [Fact]
    public async Task The_same_seed_reproduces_sampled_text_and_another_seed_changes_it()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        ChatOptions Sampled(long seed) => new() { Temperature = 1.2f, TopP = 1, Seed = seed, MaxOutputTokens = 40 };

        var first = await client.GetResponseAsync(Prompt, Sampled(7), Cancel);
        var again = await client.GetResponseAsync(Prompt, Sampled(7), Cancel);
        var other = await client.GetResponseAsync(Prompt, Sampled(8), Cancel);

        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, other.Text);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_generation_promptly_and_frees_the_model()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var received = 0;
        var afterCancel = 0;
        var clock = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Prompt, Greedy(1500), cts.Token))
            {
                if (clock.IsRunning)
                {
                    afterCancel++;
                }

                if (++received == 3)
                {
                    clock.Start();
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(0, afterCancel);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed} to stop");
        var next = await client.GetResponseAsync(Prompt, Greedy(3), Cancel);
        Assert.Equal(3, next.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Concurrent_requests_are_serialized_and_each_gets_the_same_greedy_text()
    {
        var client = model.RequireProvider().CreateChatClient(Stories260K.ModelId);
        var alone = await client.GetResponseAsync(Prompt, Greedy(20), Cancel);

        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync(Prompt, Greedy(20), Cancel)));

        Assert.All(together, r => Assert.Equal(alone.Text, r.Text));
    }
}
