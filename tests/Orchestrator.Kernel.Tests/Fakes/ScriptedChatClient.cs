using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Orchestrator.Kernel.Tests.Fakes;

/// <summary>A callback-driven chat client, in the style of M.E.AI's TestChatClient.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? OnResponse { get; set; }

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? OnStream { get; set; }

    public List<ChatOptions?> SeenOptions { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        SeenOptions.Add(options);
        return OnResponse!(messages, options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        SeenOptions.Add(options);
        return OnStream!(messages, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static async IAsyncEnumerable<ChatResponseUpdate> Stream(IEnumerable<string> chunks, UsageDetails? usage = null, Exception? failAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }

        yield return new ChatResponseUpdate { Contents = usage is null ? [] : [new UsageContent(usage)], FinishReason = ChatFinishReason.Stop };
    }
}
