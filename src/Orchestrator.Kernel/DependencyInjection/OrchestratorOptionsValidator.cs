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
            return ValidateRouting(options.Routing);
        }
        catch (OrchestratorConfigurationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }

    private static ValidateOptionsResult ValidateRouting(Routing.RoutingOptions routing)
    {
        const string Path = "Orchestrator:Routing";
        var failures = new List<string>();
        if (routing.BreakerFailureThreshold < 2)
        {
            failures.Add($"{Path}:BreakerFailureThreshold: {routing.BreakerFailureThreshold} is too low; use 2 or more (default 3).");
        }

        if (routing.BreakDurationSeconds < 0.5 || routing.BreakerSamplingSeconds < 0.5)
        {
            failures.Add($"{Path}: BreakDurationSeconds and BreakerSamplingSeconds must be at least 0.5.");
        }

        if (routing.TotalTimeoutSeconds <= 0 || routing.HealthCacheSeconds < 1 || routing.MaxAttempts < 1 || routing.MaxRetryAfterWaitSeconds < 0)
        {
            failures.Add($"{Path}: TotalTimeoutSeconds must be positive, HealthCacheSeconds at least 1, MaxAttempts at least 1 and MaxRetryAfterWaitSeconds not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
