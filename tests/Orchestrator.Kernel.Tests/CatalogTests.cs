using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Usage;

namespace Orchestrator.Kernel.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void Embedded_catalog_prices_every_model_and_keeps_local_models_free()
    {
        var catalog = ModelCatalog.CreateDefault();

        Assert.NotEmpty(catalog.ForProvider("openai"));
        Assert.NotEmpty(catalog.ForProvider("anthropic"));
        Assert.NotEmpty(catalog.ForProvider("fireworks"));
        Assert.NotEmpty(catalog.ForProvider("together"));
        Assert.All(catalog.Models, m => Assert.NotNull(m.InputPricePerMillion));
        Assert.All(catalog.Models.Where(m => m.Local), m => Assert.Equal(0, m.Tier));
        Assert.True(catalog.TryGet("openai", "gpt-4o", out var gpt4o));
        Assert.Equal(2.50m, gpt4o.InputPricePerMillion);
        Assert.Equal(10.00m, gpt4o.OutputPricePerMillion);
    }

    [Fact]
    public void Model_without_a_price_is_rejected_naming_the_model()
    {
        var ex = Assert.Throws<OrchestratorConfigurationException>(() =>
            ModelCatalog.CreateDefault([new ModelDescriptor { Provider = "acme", Id = "mystery", Tier = 1, OutputPricePerMillion = 1 }]));

        Assert.Contains("acme/mystery", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no price", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_price_is_rejected()
    {
        var ex = Assert.Throws<OrchestratorConfigurationException>(() =>
            ModelCatalog.CreateDefault([new ModelDescriptor { Provider = "acme", Id = "m", Tier = 1, InputPricePerMillion = -1, OutputPricePerMillion = 1 }]));

        Assert.Contains("negative price", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_model_must_be_priced_zero_explicitly()
    {
        var unpriced = Assert.Throws<OrchestratorConfigurationException>(() =>
            ModelCatalog.CreateDefault([new ModelDescriptor { Provider = "ollama", Id = "mine", Local = true }]));
        var priced = Assert.Throws<OrchestratorConfigurationException>(() =>
            ModelCatalog.CreateDefault([new ModelDescriptor { Provider = "ollama", Id = "mine", Local = true, InputPricePerMillion = 1, OutputPricePerMillion = 1 }]));

        Assert.Contains("priced 0 explicitly", unpriced.Message, StringComparison.Ordinal);
        Assert.Contains("non-zero price", priced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_entry_overrides_the_embedded_price()
    {
        var catalog = ModelCatalog.CreateDefault([new ModelDescriptor { Provider = "openai", Id = "gpt-4o", Tier = 3, InputPricePerMillion = 1, OutputPricePerMillion = 4 }]);

        Assert.True(catalog.TryGet("openai", "gpt-4o", out var model));
        Assert.Equal(1m, model.InputPricePerMillion);
        Assert.True(ModelCatalog.CreateDefault().TryGet("openai", "gpt-4o", out var original));
        Assert.Equal(2.50m, original.InputPricePerMillion);
    }

    [Fact]
    public void Cached_tokens_are_billed_at_the_cached_price()
    {
        var model = new ModelDescriptor { Provider = "p", Id = "m", InputPricePerMillion = 2m, OutputPricePerMillion = 8m, CachedInputPricePerMillion = 0.5m };

        // 1,000,000 prompt tokens of which 400,000 cached, 100,000 output.
        var cost = CostCalculator.Compute(model, 1_000_000, 100_000, 400_000);

        Assert.Equal((600_000 * 2m + 400_000 * 0.5m + 100_000 * 8m) / 1_000_000m, cost);
    }

    [Fact]
    public void Worst_case_cost_prices_every_allowed_output_token()
    {
        var model = new ModelDescriptor { Provider = "p", Id = "m", InputPricePerMillion = 3m, OutputPricePerMillion = 15m };

        Assert.Equal((1000 * 3m + 4096 * 15m) / 1_000_000m, CostCalculator.WorstCase(model, 1000, 4096));
    }
}
