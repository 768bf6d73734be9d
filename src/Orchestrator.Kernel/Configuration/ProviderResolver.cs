using Orchestrator.Catalog;
using Orchestrator.Providers;

namespace Orchestrator.Configuration;

/// <summary>
/// Turns <see cref="OrchestratorOptions"/> into validated <see cref="ProviderDescriptor"/>s: applies presets,
/// reads keys from the environment, checks URLs, keys and models, and reports every problem at once.
/// </summary>
public static class ProviderResolver
{
    /// <summary>Resolves every configured provider.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="catalog">The model catalog.</param>
    /// <param name="factories">The registered provider factories by protocol.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    /// <returns>The providers, in configuration order.</returns>
    /// <exception cref="OrchestratorConfigurationException">One or more settings are wrong; the message lists each with its fix.</exception>
    public static IReadOnlyList<ProviderDescriptor> Resolve(
        OrchestratorOptions options,
        ModelCatalog catalog,
        IReadOnlyDictionary<string, IChatProviderFactory> factories,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(factories);
        environment ??= Environment.GetEnvironmentVariable;

        var errors = new List<(string Setting, string Message)>();
        var providers = new List<ProviderDescriptor>();
        foreach (var (name, settings) in options.Providers)
        {
            var descriptor = ResolveOne(name, settings, catalog, factories, environment, errors);
            if (descriptor is not null)
            {
                providers.Add(descriptor);
            }
        }

        CheckDefaultModel(options, providers, errors);
        if (errors.Count == 1)
        {
            throw new OrchestratorConfigurationException(errors[0].Setting, errors[0].Message);
        }

        if (errors.Count > 1)
        {
            throw new OrchestratorConfigurationException(
                errors[0].Setting,
                $"{errors[0].Message}{Environment.NewLine}{string.Join(Environment.NewLine, errors.Skip(1).Select(e => $"{e.Setting}: {e.Message}"))}");
        }

        return providers;
    }

    private static ProviderDescriptor? ResolveOne(
        string name,
        ProviderOptions settings,
        ModelCatalog catalog,
        IReadOnlyDictionary<string, IChatProviderFactory> factories,
        Func<string, string?> environment,
        List<(string, string)> errors)
    {
        var path = $"{OrchestratorOptions.SectionName}:Providers:{name}";
        var type = string.IsNullOrWhiteSpace(settings.Type) ? name : settings.Type.Trim();
        if (!ProviderPreset.Known.TryGetValue(type, out var preset))
        {
            errors.Add(($"{path}:Type", $"unknown provider type '{type}'. Use one of: {string.Join(", ", ProviderPreset.Known.Keys)}."));
            return null;
        }

        if (!factories.TryGetValue(preset.Protocol, out var factory))
        {
            errors.Add(($"{path}:Type", $"provider type '{type}' speaks the '{preset.Protocol}' protocol but no factory for it is registered. {RegistrationHint(preset.Protocol)}"));
            return null;
        }

        Uri? baseUri = null;
        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? preset.DefaultBaseUrl : settings.BaseUrl.Trim();
        if (preset.Protocol != "llamasharp")
        {
            if (baseUrl is null)
            {
                errors.Add(($"{path}:BaseUrl", $"provider type '{type}' has no default endpoint; set BaseUrl to the server's absolute http(s) URL, e.g. http://127.0.0.1:8000/v1/."));
            }
            else if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(baseUri.UserInfo))
            {
                errors.Add(($"{path}:BaseUrl", $"malformed base URL '{Redact(baseUrl)}'; expected an absolute http or https URL without credentials, e.g. https://api.example.com/v1/."));
                baseUri = null;
            }
        }

        var keyVariable = settings.ApiKeyEnvironmentVariable ?? preset.ApiKeyEnvironmentVariable;
        var apiKey = !string.IsNullOrWhiteSpace(settings.ApiKey) ? settings.ApiKey.Trim()
            : keyVariable is null ? null : environment(keyVariable);
        if (settings.Enabled && preset.ApiKeyEnvironmentVariable is not null && string.IsNullOrWhiteSpace(apiKey))
        {
            errors.Add(($"{path}:ApiKey", $"no API key for provider '{name}'. Set the environment variable {keyVariable} (or {OrchestratorOptions.SectionName}__Providers__{name}__ApiKey), or set Enabled to false."));
        }

        var catalogProvider = settings.CatalogProvider ?? preset.CatalogProvider;
        var local = settings.Local ?? preset.Local;
        var models = ResolveModels(name, settings, catalogProvider, catalog, path, errors);
        if (local)
        {
            foreach (var model in models.Where(m => !m.Local || m.InputPricePerMillion != 0 || m.OutputPricePerMillion != 0))
            {
                errors.Add(($"{path}:Models", $"provider '{name}' is local but model '{model.Id}' is priced or marked non-local in the catalog; price local models 0 with Local true under {OrchestratorOptions.SectionName}:Models."));
            }
        }

        if (settings.TimeoutSeconds is <= 0 or > 3600)
        {
            errors.Add(($"{path}:TimeoutSeconds", $"timeout {settings.TimeoutSeconds} s is out of range; use a value between 1 and 3600 seconds."));
        }

        var descriptor = new ProviderDescriptor
        {
            Name = name,
            Type = preset.Type,
            Protocol = preset.Protocol,
            BaseUri = baseUri,
            ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey,
            Local = local,
            Enabled = settings.Enabled,
            Priority = settings.Priority,
            Timeout = TimeSpan.FromSeconds(Math.Clamp(settings.TimeoutSeconds, 1, 3600)),
            Models = models,
            Settings = new Dictionary<string, string>(settings.Settings, StringComparer.OrdinalIgnoreCase),
        };

        if (settings.Enabled)
        {
            foreach (var problem in factory.Validate(descriptor))
            {
                errors.Add((path, problem));
            }
        }

        return descriptor;
    }

    private static List<ModelDescriptor> ResolveModels(string name, ProviderOptions settings, string catalogProvider, ModelCatalog catalog, string path, List<(string, string)> errors)
    {
        if (settings.Models.Count == 0)
        {
            var all = catalog.ForProvider(name).Concat(catalog.ForProvider(catalogProvider)).DistinctBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
            if (all.Count == 0 && settings.Enabled)
            {
                errors.Add(($"{path}:Models", $"provider '{name}' serves no models: list model ids under Models and price each under {OrchestratorOptions.SectionName}:Models (Provider '{name}')."));
            }

            return all;
        }

        var models = new List<ModelDescriptor>();
        for (var i = 0; i < settings.Models.Count; i++)
        {
            var id = settings.Models[i];
            if (catalog.TryGet(name, id, out var model) || catalog.TryGet(catalogProvider, id, out model))
            {
                models.Add(model);
            }
            else
            {
                errors.Add(($"{path}:Models:{i}", $"model '{id}' is not in the catalog for '{catalogProvider}'. Add it under {OrchestratorOptions.SectionName}:Models with Provider '{name}', its tier and its prices (USD per 1M tokens; 0 for a local model)."));
            }
        }

        return models;
    }

    private static void CheckDefaultModel(OrchestratorOptions options, List<ProviderDescriptor> providers, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            return;
        }

        var setting = $"{OrchestratorOptions.SectionName}:DefaultModel";
        var parts = options.DefaultModel.Split('/', 2);
        var provider = parts.Length == 2 ? providers.FirstOrDefault(p => string.Equals(p.Name, parts[0], StringComparison.OrdinalIgnoreCase)) : null;
        var model = parts.Length == 2 ? provider?.FindModel(parts[1]) : null;
        if (provider is null || model is null || !provider.Enabled)
        {
            errors.Add((setting, $"'{options.DefaultModel}' is not an enabled provider/model pair; use the form provider/model with a configured provider, e.g. openai/gpt-4o-mini."));
        }
        else if (options.PrivacyMode && !provider.Local)
        {
            errors.Add((setting, $"privacy mode allows only local providers but the default model '{options.DefaultModel}' is served by a cloud provider; pick a local model or turn PrivacyMode off."));
        }
    }

    private static string RegistrationHint(string protocol) => protocol switch
    {
        "llamasharp" => "Reference Orchestrator.Providers.LlamaSharp and call .AddLlamaSharpProvider() on the Orchestrator builder.",
        _ => "Reference Orchestrator.Plugins and call .AddStandardProviders() on the Orchestrator builder.",
    };

    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? url : string.Concat("***", url.AsSpan(at));
    }
}
