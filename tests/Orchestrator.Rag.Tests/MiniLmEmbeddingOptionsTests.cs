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
}
