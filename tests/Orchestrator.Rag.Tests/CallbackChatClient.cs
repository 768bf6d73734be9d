using Microsoft.Extensions.AI;

namespace Orchestrator.Rag.Tests;

/// <summary>A chat client whose reply is computed by a callback from the messages it receives.</summary>
internal sealed class CallbackChatClient(Func<IEnumerable<ChatMessage>, string> reply) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(messages))));

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The RAG plugin does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
