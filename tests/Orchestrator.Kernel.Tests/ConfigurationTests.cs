using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Kernel.Tests.Fakes;
using Orchestrator.Providers;

namespace Orchestrator.Kernel.Tests;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static IReadOnlyList<ProviderDescriptor> Resolve(OrchestratorOptions options, Dictionary<string, string?>? environment = null, params string[] protocols)
    {
        var client = new ScriptedChatClient();
        var factories = (protocols.Length == 0 ? ["openai", "anthropic", "ollama"] : protocols)
            .ToDictionary(p => p, p => (IChatProviderFactory)new FakeProviderFactory(client, p), StringComparer.OrdinalIgnoreCase);
        var env = environment ?? NoEnvironment;
        return ProviderResolver.Resolve(options, ModelCatalog.CreateDefault(options.Models), factories, name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void Unknown_provider_type_names_the_setting_and_the_known_types()
    {
        var options = new OrchestratorOptions { Providers = { ["acme"] = new ProviderOptions { Type = "acme-ai" } } };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Equal("Orchestrator:Providers:acme:Type", ex.Setting);
        Assert.Contains("unknown provider type 'acme-ai'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("anthropic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_names_the_environment_variable_to_set()
    {
        var options = new OrchestratorOptions { Providers = { ["openai"] = new ProviderOptions() } };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Equal("Orchestrator:Providers:openai:ApiKey", ex.Setting);
        Assert.Contains("OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_is_read_from_the_preset_environment_variable()
    {
        var options = new OrchestratorOptions { Providers = { ["claude"] = new ProviderOptions { Type = "anthropic", Models = ["claude-haiku-4-5"] } } };

        var provider = Assert.Single(Resolve(options, new() { ["ANTHROPIC_API_KEY"] = "k-123" }));

        Assert.Equal("k-123", provider.ApiKey);
        Assert.Equal("anthropic", provider.Protocol);
        Assert.Equal(new Uri("https://api.anthropic.com/"), provider.BaseUri);
        Assert.DoesNotContain("k-123", provider.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://host/v1")]
    [InlineData("/relative/v1")]
    [InlineData("https://user:secret@host/v1")]
    public void Malformed_base_url_is_rejected_without_echoing_credentials(string url)
    {
        var options = new OrchestratorOptions { Providers = { ["local"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = url, Models = ["m"] } }, Models = { new ModelDescriptor { Provider = "local", Id = "m", InputPricePerMillion = 0, OutputPricePerMillion = 0 } } };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Equal("Orchestrator:Providers:local:BaseUrl", ex.Setting);
        Assert.Contains("malformed base URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_missing_from_the_catalog_says_how_to_add_it()
    {
        var options = new OrchestratorOptions { Providers = { ["openai"] = new ProviderOptions { ApiKey = "k", Models = ["gpt-9-ultra"] } } };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Equal("Orchestrator:Providers:openai:Models:0", ex.Setting);
        Assert.Contains("'gpt-9-ultra' is not in the catalog", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:Models", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_type_without_a_registered_factory_says_which_package_to_add()
    {
        var options = new OrchestratorOptions { Providers = { ["claude"] = new ProviderOptions { Type = "anthropic", ApiKey = "k" } } };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options, protocols: "openai"));

        Assert.Contains("AddStandardProviders()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new OrchestratorOptions
        {
            Providers =
            {
                ["openai"] = new ProviderOptions(),
                ["local"] = new ProviderOptions { Type = "openai-compatible" },
            },
        };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Contains("OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:Providers:local:BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_provider_needs_no_key()
    {
        var options = new OrchestratorOptions { Providers = { ["openai"] = new ProviderOptions { Enabled = false, Models = ["gpt-4o"] } } };

        var provider = Assert.Single(Resolve(options));

        Assert.False(provider.Enabled);
    }

    [Fact]
    public void Privacy_mode_with_a_cloud_default_model_is_contradictory()
    {
        var options = new OrchestratorOptions
        {
            PrivacyMode = true,
            DefaultModel = "openai/gpt-4o",
            Providers = { ["openai"] = new ProviderOptions { ApiKey = "k", Models = ["gpt-4o"] } },
        };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Equal("Orchestrator:DefaultModel", ex.Setting);
        Assert.Contains("privacy mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_preset_rejects_a_priced_model()
    {
        var options = new OrchestratorOptions
        {
            Providers = { ["ollama"] = new ProviderOptions { Models = ["gpt-4o"], CatalogProvider = "openai" } },
        };

        var ex = Assert.Throws<OrchestratorConfigurationException>(() => Resolve(options));

        Assert.Contains("is local but model 'gpt-4o' is priced", ex.Message, StringComparison.Ordinal);
    }
}
