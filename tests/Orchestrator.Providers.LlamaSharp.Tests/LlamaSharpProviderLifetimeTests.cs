using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>Disposing a provider never frees the model under a running generation, and refuses later requests.</summary>
public sealed class LlamaSharpProviderLifetimeTests(Stories260K model) : IClassFixture<Stories260K>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disposed_provider_refuses_new_requests()
    {
        var provider = NewProvider();
        var client = provider.CreateChatClient(Stories260K.ModelId);
        _ = await client.GetResponseAsync("Once", new ChatOptions { MaxOutputTokens = 2 }, Cancel);

        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync("Once", new ChatOptions { MaxOutputTokens = 2 }, Cancel));
    }

    [Fact]
    public async Task Dispose_waits_for_a_running_generation_to_finish_before_freeing_the_model()
    {
        var provider = NewProvider();
        var client = provider.CreateChatClient(Stories260K.ModelId);
        var stream = client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 60 }, Cancel).GetAsyncEnumerator(Cancel);
        Assert.True(await stream.MoveNextAsync());

        var disposing = Task.Run(provider.Dispose, Cancel);
        await Task.Delay(300, Cancel);
        Assert.False(disposing.IsCompleted);

        var last = stream.Current;
        while (await stream.MoveNextAsync())
        {
            last = stream.Current;
        }

        await stream.DisposeAsync();
        Assert.Equal(60, Assert.Single(last.Contents.OfType<UsageContent>()).Details.OutputTokenCount);
        await disposing.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
    }

    [Fact]
    public async Task A_cancelled_health_probe_leaves_the_provider_loadable_and_healthy()
    {
        using var provider = NewProvider();
        using var impatient = new CancellationTokenSource();
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CheckHealthAsync(impatient.Token));
        var first = await provider.Host.GetWeightsAsync(Cancel);

        Assert.Same(first, await provider.Host.GetWeightsAsync(Cancel));
        Assert.True((await provider.CheckHealthAsync(Cancel)).IsHealthy);
    }

    private LlamaSharpChatProvider NewProvider() =>
        (LlamaSharpChatProvider)new LlamaSharpChatProviderFactory(NullLoggerFactory.Instance, TimeProvider.System)
            .Create(Stories260K.Descriptor(model.RequirePath(), 256));
}
