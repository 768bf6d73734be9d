using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Benchmarks.Observability;

/// <summary>An 'openai' protocol answered in memory, so a benchmark measures Orchestrator's own cost, not a network.</summary>
internal sealed class InMemoryProviderFactory : IChatProviderFactory
{
    private static readonly ChatResponse Reply = new(new ChatMessage(ChatRole.Assistant, "Paris")) { FinishReason = ChatFinishReason.Stop, Usage = new() { InputTokenCount = 14, OutputTokenCount = 7 } };

    public string Protocol => "openai";

    public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

    public IChatProvider Create(ProviderDescriptor provider) => new Provider(provider);

    private sealed class Provider(ProviderDescriptor descriptor) : IChatProvider
    {
        public ProviderDescriptor Descriptor => descriptor;

        public IChatClient CreateChatClient(string modelId) => new Client();

        public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderHealth(true, "in-memory", TimeSpan.Zero, DateTimeOffset.UtcNow));

        public void Dispose()
        {
        }
    }

    private sealed class Client : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => Task.FromResult(Reply);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark makes plain calls only.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
