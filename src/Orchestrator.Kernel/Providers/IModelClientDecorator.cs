using Microsoft.Extensions.AI;
using Orchestrator.Catalog;

namespace Orchestrator.Providers;

/// <summary>
/// Wraps each provider model's metered client once, when the registry builds it, so a concern that depends on the
/// model actually called (its prices, its tier) sits per model: the router's attempts each go through it.
/// </summary>
internal interface IModelClientDecorator
{
    IChatClient Decorate(IChatClient client, ProviderDescriptor provider, ModelDescriptor model);
}
