using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>
/// An 'openai' protocol whose providers answer every call with a fixed reply and usage, streamed or not; a provider
/// whose name starts with "flaky" refuses every connection (a transient failure the router fails over from).
/// </summary>
public sealed class FakeProviderFactory : IChatProviderFactory
{
    public string Protocol => "openai";

    public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

    public IChatProvider Create(ProviderDescriptor provider) => new Provider(provider);

    private sealed class Provider(ProviderDescriptor descriptor) : IChatProvider
    {
        public ProviderDescriptor Descriptor => descriptor;

        public IChatClient CreateChatClient(string modelId) => new Client(descriptor.Name.StartsWith("flaky", StringComparison.Ordinal));

        public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderHealth(true, "fake", TimeSpan.Zero, DateTimeOffset.UtcNow));

        public void Dispose()
        {
        }
    }

    private sealed class Client(bool refuse) : IChatClient
    {
        private static readonly UsageDetails Usage = new() { InputTokenCount = 1000, OutputTokenCount = 500, TotalTokenCount = 1500 };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            refuse
                ? throw new HttpRequestException("Connection refused (127.0.0.1:9)", new System.Net.Sockets.SocketException(111))
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris")) { FinishReason = ChatFinishReason.Stop, Usage = Usage });

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (refuse)
            {
                throw new HttpRequestException("Connection refused (127.0.0.1:9)", new System.Net.Sockets.SocketException(111));
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "Par");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "is");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(Usage)], FinishReason = ChatFinishReason.Stop };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
