using Microsoft.Extensions.AI;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>A chat client that answers from a script, each reply computed from the conversation so far; it records every request.</summary>
public sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, string>[] replies) : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, string>> _replies = new(replies);

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        Requests.Add(conversation);
        if (!_replies.TryDequeue(out var reply))
        {
            throw new InvalidOperationException("The script has no more replies.");
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(conversation))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The planner does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static Func<IReadOnlyList<ChatMessage>, string> Say(string reply) => _ => reply;
}
