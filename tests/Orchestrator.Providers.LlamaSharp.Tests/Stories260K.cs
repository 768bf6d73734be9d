using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Catalog;
using Orchestrator.Testing;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>The real tiny stories260K GGUF model from ../shared, served by one provider shared by a test class.</summary>
public sealed class Stories260K : IDisposable
{
    public const string RelativePath = "models/stories260K/stories260K.gguf";
    public const string ModelId = "stories260K";

    private readonly Lazy<LlamaSharpChatProvider> _provider;

    public Stories260K()
    {
        Path = SharedAssets.TryGet(RelativePath);
        _provider = new(() => (LlamaSharpChatProvider)new LlamaSharpChatProviderFactory(NullLoggerFactory.Instance, TimeProvider.System).Create(Descriptor(Path!)));
    }

    /// <summary>Gets the model's full path, or <see langword="null"/> when the shared folder is absent.</summary>
    public string? Path { get; }

    public static ProviderDescriptor Descriptor(string modelPath, int contextSize = 2048) => new()
    {
        Name = "local",
        Type = "llamasharp",
        Protocol = "llamasharp",
        Local = true,
        Models = [new ModelDescriptor { Provider = "local", Id = ModelId, Local = true, InputPricePerMillion = 0, OutputPricePerMillion = 0 }],
        Settings = new Dictionary<string, string>
        {
            ["ModelPath"] = modelPath,
            ["ContextSize"] = contextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>Skips the calling test when the model is absent.</summary>
    /// <returns>The model's path.</returns>
    public string RequirePath()
    {
        if (Path is null)
        {
            Assert.Skip(SharedAssets.SkipReason(RelativePath));
        }

        return Path;
    }

    /// <summary>Gets the shared provider, skipping the calling test when the model is absent.</summary>
    /// <returns>The provider.</returns>
    internal LlamaSharpChatProvider RequireProvider()
    {
        RequirePath();
        return _provider.Value;
    }

    /// <summary>Counts tokens the way the model's own tokenizer does, through a separate vocabulary-only load of the file.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The number of tokens, BOS included.</returns>
    public int CountTokens(string text)
    {
        using var vocabulary = LLamaWeights.LoadFromFile(new ModelParams(RequirePath()) { VocabOnly = true });
        return vocabulary.Tokenize(text, add_bos: true, special: false, System.Text.Encoding.UTF8).Length;
    }

    public void Dispose()
    {
        if (_provider.IsValueCreated)
        {
            _provider.Value.Dispose();
        }
    }
}
