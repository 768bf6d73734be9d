using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Providers;

/// <summary>
/// The configured providers and their models, resolved and validated once. It hands out chat clients that are
/// metered (usage, cost, typed errors, invocation records) and checks provider health.
/// </summary>
public sealed class ProviderRegistry : IDisposable
{
    private readonly Dictionary<string, IChatProviderFactory> _factories;
    private readonly ConcurrentDictionary<string, Lazy<IChatProvider>> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly InvocationRecorder _recorder;
    private readonly ITokenEstimator _estimator;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly OrchestratorOptions _options;
    private readonly IModelClientDecorator[] _decorators;

    internal ProviderRegistry(
        IOptions<OrchestratorOptions> options,
        ModelCatalog catalog,
        IEnumerable<IChatProviderFactory> factories,
        InvocationRecorder recorder,
        ITokenEstimator estimator,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IEnumerable<IModelClientDecorator>? decorators = null)
    {
        _options = options.Value;
        Catalog = catalog;
        _factories = factories.GroupBy(f => f.Protocol, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _recorder = recorder;
        _estimator = estimator;
        _time = time;
        _loggerFactory = loggerFactory;
        _decorators = [.. decorators ?? []];
        Providers = ProviderResolver.Resolve(_options, catalog, _factories);
        foreach (var provider in Providers)
        {
            _providers[provider.Name] = new Lazy<IChatProvider>(() => _factories[provider.Protocol].Create(provider));
        }
    }

    /// <summary>Gets the model catalog in force.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>Gets every configured provider, enabled or not.</summary>
    public IReadOnlyList<ProviderDescriptor> Providers { get; }

    /// <summary>Gets a value indicating whether the host runs in privacy mode (local providers only).</summary>
    public bool PrivacyMode => _options.PrivacyMode;

    /// <summary>Gets the default provider and model, or <see langword="null"/> when no enabled provider is configured.</summary>
    public (ProviderDescriptor Provider, ModelDescriptor Model)? DefaultModel
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(_options.DefaultModel))
            {
                var parts = _options.DefaultModel.Split('/', 2);
                var provider = FindProvider(parts[0]);
                return (provider, provider.FindModel(parts[1])!);
            }

            return Providers
                .Where(p => p.Enabled && (!_options.PrivacyMode || p.Local))
                .SelectMany(p => p.Models.Select(m => (Provider: p, Model: m)))
                .OrderBy(x => x.Model.Tier)
                .ThenBy(x => x.Model.InputPricePerMillion + x.Model.OutputPricePerMillion)
                .ThenBy(x => x.Provider.Priority)
                .Select(x => ((ProviderDescriptor, ModelDescriptor)?)(x.Provider, x.Model))
                .FirstOrDefault();
        }
    }

    /// <summary>Gets the metered chat client for a provider's model.</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="modelId">A model the provider serves.</param>
    /// <returns>The chat client; calls through it are metered and logged.</returns>
    /// <exception cref="ArgumentException">The provider or model is not configured.</exception>
    /// <exception cref="OrchestratorException">The provider is disabled, or privacy mode forbids it.</exception>
    public IChatClient GetChatClient(string provider, string modelId)
    {
        var descriptor = FindProvider(provider);
        var model = descriptor.FindModel(modelId)
            ?? throw new ArgumentException($"Provider '{descriptor.Name}' does not serve model '{modelId}'. Its models: {string.Join(", ", descriptor.Models.Select(m => m.Id))}.", nameof(modelId));
        if (!descriptor.Enabled)
        {
            throw new OrchestratorException($"Provider '{descriptor.Name}' is disabled (Orchestrator:Providers:{descriptor.Name}:Enabled is false).");
        }

        if (_options.PrivacyMode && !descriptor.Local)
        {
            throw new OrchestratorException($"Privacy mode is on: provider '{descriptor.Name}' is not local, so data may not be sent to it. Use a local provider (Ollama, Jan, LLamaSharp) or turn Orchestrator:PrivacyMode off.");
        }

        return _clients.GetOrAdd($"{descriptor.Name}/{model.Id}", _ => Build(descriptor, model));
    }

    /// <summary>Gets the metered chat client for a service id of the form <c>provider/model</c>.</summary>
    /// <param name="serviceId">The service id.</param>
    /// <returns>The chat client.</returns>
    public IChatClient GetChatClient(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var slash = serviceId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"Service id '{serviceId}' must have the form provider/model.", nameof(serviceId));
        }

        return GetChatClient(serviceId[..slash], serviceId[(slash + 1)..]);
    }

    /// <summary>Probes a provider's health now (callers that need caching use the router's health cache).</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The provider's health.</returns>
    public async Task<ProviderHealth> CheckHealthAsync(string provider, CancellationToken cancellationToken = default)
    {
        var descriptor = FindProvider(provider);
        if (!descriptor.Enabled)
        {
            return new ProviderHealth(false, "disabled in configuration", TimeSpan.Zero, _time.GetUtcNow());
        }

        var started = _time.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Min(10, descriptor.Timeout.TotalSeconds)));
            return await _providers[descriptor.Name].Value.CheckHealthAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProviderHealth(false, "health probe timed out", _time.GetElapsedTime(started), _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A health probe reports failure; it never throws for an unreachable provider.
            return new ProviderHealth(false, ProviderErrorClassifier.Sanitize(ex.Message, descriptor), _time.GetElapsedTime(started), _time.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var provider in _providers.Values.Where(p => p.IsValueCreated))
        {
            provider.Value.Dispose();
        }
    }

    private ProviderDescriptor FindProvider(string name) =>
        Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No provider named '{name}' is configured. Configured: {(Providers.Count == 0 ? "none" : string.Join(", ", Providers.Select(p => p.Name)))}.", nameof(name));

    private IChatClient Build(ProviderDescriptor provider, ModelDescriptor model)
    {
        var raw = _providers[provider.Name].Value.CreateChatClient(model.Id);
        var metered = new ChatClientBuilder(raw)
            .Use(inner => new ProviderChatClient(inner, provider, model, _recorder, _estimator, _time, _options.PrivacyMode))
            .UseOpenTelemetry(_loggerFactory, OrchestratorTelemetry.SourceName)
            .Build();
        return _decorators.Aggregate(metered, (client, decorator) => decorator.Decorate(client, provider, model));
    }
}
