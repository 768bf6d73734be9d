using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Kernel.Tests.Fakes;

/// <summary>A provider factory whose every provider hands out the same scripted client.</summary>
internal sealed class FakeProviderFactory(ScriptedChatClient client, string protocol = "openai") : IChatProviderFactory
{
    public string Protocol => protocol;

    public List<string> Problems { get; } = [];

    public IEnumerable<string> Validate(ProviderDescriptor provider) => Problems;

    public IChatProvider Create(ProviderDescriptor provider) => new FakeProvider(provider, client);

    private sealed class FakeProvider(ProviderDescriptor descriptor, ScriptedChatClient client) : IChatProvider
    {
        public ProviderDescriptor Descriptor => descriptor;

        public IChatClient CreateChatClient(string modelId) => client;

        public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ProviderHealth(true, "fake", TimeSpan.Zero, DateTimeOffset.UtcNow));

        public void Dispose()
        {
        }
    }
}
