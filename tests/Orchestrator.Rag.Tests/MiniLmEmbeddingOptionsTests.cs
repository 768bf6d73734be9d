using Microsoft.Extensions.Configuration;
using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Rag.Tests;

public sealed class MiniLmEmbeddingOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new MiniLmEmbeddingOptionsValidator().Validate(null, new MiniLmEmbeddingOptions()).Succeeded);
    }

    [Fact]
    public void Every_invalid_setting_is_named_with_its_configuration_key()
    {
        var options = new MiniLmEmbeddingOptions
        {
            MaxTokens = 600,
            BatchSize = 0,
            IntraOpThreads = -1,
            Precision = (MiniLmPrecision)7,
            ModelPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "model.onnx"),
        };

        var result = new MiniLmEmbeddingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Orchestrator:Rag:Embeddings:MiniLm:MaxTokens is 600", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Orchestrator:Rag:Embeddings:MiniLm:BatchSize is 0", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Orchestrator:Rag:Embeddings:MiniLm:IntraOpThreads is -1", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Orchestrator:Rag:Embeddings:MiniLm:Precision '7'", f, StringComparison.Ordinal),
            f => Assert.Contains("ModelPath", f, StringComparison.Ordinal));
    }

    [Fact]
    public void The_generator_refuses_invalid_options_before_loading_the_model()
    {
        var error = Assert.Throws<ArgumentException>(() => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { BatchSize = 0 }));

        Assert.Contains("BatchSize is 0", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void The_model_binds_from_configuration_by_name_and_a_misspelt_name_is_refused_with_the_key()
    {
        static IConfigurationSection Section(string model) => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [MiniLmEmbeddingOptions.SectionName + ":Model"] = model })
            .Build().GetSection(MiniLmEmbeddingOptions.SectionName);

        Assert.Equal(MiniLmModel.ArcticEmbedXs, Section("ArcticEmbedXs").Get<MiniLmEmbeddingOptions>()!.Model);
        Assert.Equal(MiniLmModel.AllMiniLmL6V2, Section("allminilml6v2").Get<MiniLmEmbeddingOptions>()!.Model);
        var error = Assert.Throws<InvalidOperationException>(() => Section("MiniLM").Get<MiniLmEmbeddingOptions>());
        Assert.Contains(MiniLmEmbeddingOptions.SectionName + ":Model", error.Message, StringComparison.Ordinal);
    }
}
