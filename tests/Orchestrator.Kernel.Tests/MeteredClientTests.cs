using Microsoft.Extensions.AI;
using Orchestrator.Kernel.Tests.Fakes;
using Orchestrator.Providers;
using Orchestrator.Telemetry;

namespace Orchestrator.Kernel.Tests;

public sealed class MeteredClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "Name three prime numbers.")];

    [Fact]
    public async Task Reported_usage_is_normalized_and_priced_from_the_catalog()
    {
        using var host = new TestHost();
        host.Client.OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "2, 3, 5"))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500, CachedInputTokenCount = 200 },
        });

        var response = await host.Registry.GetChatClient("fake", "model-a").GetResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken);

        var usage = response.GetInvocationUsage();
        Assert.NotNull(usage);
        Assert.False(usage.IsEstimated);
        Assert.Equal((800 * 1.00m + 200 * 0.50m + 500 * 2.00m) / 1_000_000m, usage.Cost);
        var record = Assert.Single(host.Sink.Records);
        Assert.Equal(InvocationStatus.Succeeded, record.Status);
        Assert.Equal("fake", record.Provider);
        Assert.Equal(usage, record.Usage);
        Assert.Equal("model-a", host.Client.SeenOptions.Single()!.ModelId);
    }

    [Fact]
    public async Task Missing_usage_is_estimated_and_flagged_never_zero()
    {
        using var host = new TestHost();
        host.Client.OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Two, three and five are prime numbers.")) { FinishReason = ChatFinishReason.Stop });

        var response = await host.Registry.GetChatClient("fake", "model-a").GetResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken);

        var usage = response.GetInvocationUsage()!;
        Assert.True(usage.IsEstimated);
        Assert.InRange(usage.InputTokens, 5, 20);
        Assert.InRange(usage.OutputTokens, 5, 15);
        Assert.True(usage.Cost > 0);
    }

    [Fact]
    public async Task Streamed_call_reports_usage_on_its_last_update()
    {
        using var host = new TestHost();
        host.Client.OnStream = (_, _, ct) => ScriptedChatClient.Stream(["2, ", "3, ", "5"], new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3 }, cancellationToken: ct);

        var updates = await host.Registry.GetChatClient("fake", "model-a").GetStreamingResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("2, 3, 5", updates.ToChatResponse().Text);
        var usage = updates[^1].GetInvocationUsage()!;
        Assert.Equal(10, usage.InputTokens);
        Assert.Equal(3, usage.OutputTokens);
        var record = Assert.Single(host.Sink.Records);
        Assert.True(record.Streamed);
        Assert.NotNull(record.TimeToFirstToken);
    }

    [Fact]
    public async Task Stream_cut_after_content_carries_the_partial_text_and_charges_what_streamed()
    {
        using var host = new TestHost();
        host.Client.OnStream = (_, _, ct) => ScriptedChatClient.Stream(["The first prime ", "is two, and "], failAfter: new IOException("connection reset"), cancellationToken: ct);

        var ex = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
        {
            await foreach (var _ in host.Registry.GetChatClient("fake", "model-a").GetStreamingResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Equal("The first prime is two, and ", ex.PartialText);
        Assert.True(ex.Usage.OutputTokens > 0);
        Assert.True(ex.Usage.IsEstimated);
        Assert.True(ex.Usage.Cost > 0);
        Assert.True(ex.IsTransient);
        var record = Assert.Single(host.Sink.Records);
        Assert.Equal(InvocationStatus.Failed, record.Status);
        Assert.Equal(ProviderFailureKind.StreamInterrupted, record.ErrorKind);
        Assert.Equal(ex.Usage, record.Usage);
    }

    [Fact]
    public async Task Stream_failing_before_any_content_is_a_plain_transient_failure()
    {
        using var host = new TestHost();
        host.Client.OnStream = (_, _, ct) => ScriptedChatClient.Stream([], failAfter: new HttpRequestException("refused"), cancellationToken: ct);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
            await host.Registry.GetChatClient("fake", "model-a").GetStreamingResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.IsNotType<ProviderStreamInterruptedException>(ex);
        Assert.Equal(ProviderFailureKind.ConnectionFailed, ex.Kind);
    }

    [Fact]
    public async Task Caller_cancelling_a_stream_is_recorded_as_cancelled_with_the_tokens_received()
    {
        using var host = new TestHost();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        host.Client.OnStream = (_, _, ct) => ScriptedChatClient.Stream(["one ", "two ", "three ", "four "], cancellationToken: ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in host.Registry.GetChatClient("fake", "model-a").GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token))
            {
                if (update.Text == "two ")
                {
                    await cts.CancelAsync();
                }
            }
        });

        var record = Assert.Single(host.Sink.Records);
        Assert.Equal(InvocationStatus.Cancelled, record.Status);
        Assert.True(record.Usage.OutputTokens >= 2);
    }

    [Fact]
    public async Task Caller_that_stops_reading_without_cancelling_is_recorded_as_cancelled_with_the_tokens_received()
    {
        using var host = new TestHost();
        host.Client.OnStream = (_, _, ct) => ScriptedChatClient.Stream(["one ", "two ", "three ", "four "], cancellationToken: ct);

        await foreach (var update in host.Registry.GetChatClient("fake", "model-a").GetStreamingResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken))
        {
            if (update.Text == "two ")
            {
                break;
            }
        }

        var record = Assert.Single(host.Sink.Records);
        Assert.Equal(InvocationStatus.Cancelled, record.Status);
        Assert.True(record.Usage.OutputTokens >= 2);
        Assert.True(record.Usage.Cost > 0m);
    }

    [Fact]
    public async Task Attempt_that_outlives_the_provider_timeout_fails_as_timeout()
    {
        using var host = new TestHost(timeoutSeconds: 5);
        var started = new TaskCompletionSource();
        host.Client.OnResponse = async (_, _, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };

        var call = host.Registry.GetChatClient("fake", "model-a").GetResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken);
        await started.Task;
        host.Time.Advance(TimeSpan.FromSeconds(6));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => call);
        Assert.Equal(ProviderFailureKind.Timeout, ex.Kind);
        Assert.Contains("did not answer within 5 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_reply_is_a_malformed_response()
    {
        using var host = new TestHost();
        host.Client.OnResponse = (_, _, _) => Task.FromResult(new ChatResponse([]));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            host.Registry.GetChatClient("fake", "model-a").GetResponseAsync(Prompt, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderFailureKind.MalformedResponse, ex.Kind);
    }

    [Fact]
    public void Privacy_mode_refuses_a_cloud_provider()
    {
        using var host = new TestHost(o => o.PrivacyMode = true);

        var ex = Assert.Throws<OrchestratorException>(() => host.Registry.GetChatClient("fake", "model-a"));

        Assert.Contains("Privacy mode is on", ex.Message, StringComparison.Ordinal);
    }
}
