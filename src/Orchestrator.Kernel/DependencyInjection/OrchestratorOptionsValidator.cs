using Microsoft.Extensions.Options;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;

namespace Orchestrator.DependencyInjection;

/// <summary>Validates the whole configuration at start: catalog prices, provider types, URLs, keys and models.</summary>
internal sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    private readonly IEnumerable<IChatProviderFactory> _factories;

    public OrchestratorOptionsValidator(IEnumerable<IChatProviderFactory> factories) => _factories = factories;

    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        try
        {
            var catalog = ModelCatalog.CreateDefault(options.Models);
            var factories = _factories.GroupBy(f => f.Protocol, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
            _ = ProviderResolver.Resolve(options, catalog, factories);
            return ValidateOptionsResult.Success;
        }
        catch (OrchestratorConfigurationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
