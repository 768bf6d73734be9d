using Microsoft.Extensions.AI;

namespace Orchestrator.Providers;

/// <summary>
/// One configured provider endpoint: it hands out chat clients for its models and answers health checks.
/// Implementations come from an <see cref="IChatProviderFactory"/>; callers use the decorated clients of
/// <see cref="ProviderRegistry"/> instead of the raw ones returned here.
/// </summary>
public interface IChatProvider : IDisposable
{
    /// <summary>Gets the resolved settings of the provider.</summary>
    ProviderDescriptor Descriptor { get; }

    /// <summary>Creates the provider's raw chat client for one model.</summary>
    /// <param name="modelId">A model id the provider serves.</param>
    /// <returns>The SDK-backed client.</returns>
    IChatClient CreateChatClient(string modelId);

    /// <summary>Checks that the provider answers (lists models or pings), without generating tokens.</summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The health of the provider.</returns>
    Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
