using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>Settings problems are reported before anything loads, each naming the setting and the fix.</summary>
public sealed class LlamaSharpValidationTests(Stories260K model) : IClassFixture<Stories260K>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-llamasharp-").FullName;
    private readonly LlamaSharpChatProviderFactory _factory = new(NullLoggerFactory.Instance, TimeProvider.System);

    [Fact]
    public void A_missing_ModelPath_names_the_setting_to_set()
    {
        var descriptor = Stories260K.Descriptor("ignored");
        var problem = Assert.Single(_factory.Validate(WithSettings(descriptor, new Dictionary<string, string>())));

        Assert.Contains("Settings:ModelPath is not set", problem, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:Providers:local:Settings:ModelPath", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_that_does_not_exist_is_reported_with_its_path()
    {
        var path = Path.Combine(_folder, "absent.gguf");

        var problem = Assert.Single(_factory.Validate(Stories260K.Descriptor(path)));

        Assert.Contains("Settings:ModelPath", problem, StringComparison.Ordinal);
        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
        Assert.Contains(path, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 })]
    [InlineData(new byte[] { 0x47, 0x47, 0x4D, 0x4C })]
    [InlineData(new byte[] { 0x47, 0x47 })]
    [InlineData(new byte[0])]
    public void A_file_without_the_GGUF_magic_bytes_is_not_accepted(byte[] content)
    {
        var path = Path.Combine(_folder, "model.bin");
        File.WriteAllBytes(path, content);

        var problem = Assert.Single(_factory.Validate(Stories260K.Descriptor(path)));

        Assert.Contains("is not a GGUF model file", problem, StringComparison.Ordinal);
        Assert.Contains("'GGUF'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_model_file()
    {
        var problem = Assert.Single(_factory.Validate(Stories260K.Descriptor(_folder)));

        Assert.Contains("is a directory", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ContextSize", "lots")]
    [InlineData("ContextSize", "0")]
    [InlineData("Threads", "-2")]
    [InlineData("GpuLayerCount", "-1")]
    public void Malformed_numeric_settings_name_the_setting(string key, string value)
    {
        // Only the header is checked at validation, so a file with the GGUF magic stands in for a model here.
        var path = Path.Combine(_folder, "header-only.gguf");
        File.WriteAllBytes(path, [.. "GGUF"u8, 3, 0, 0, 0]);
        var settings = new Dictionary<string, string> { ["ModelPath"] = path, [key] = value };

        var problem = Assert.Single(_factory.Validate(WithSettings(Stories260K.Descriptor(path), settings)));

        Assert.Contains($"Settings:{key} is '{value}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_gguf_model_passes_validation()
    {
        Assert.Empty(_factory.Validate(Stories260K.Descriptor(model.RequirePath())));
    }

    [Fact]
    public void Start_up_validation_through_AddOrchestrator_reports_a_non_gguf_model_file()
    {
        var path = Path.Combine(_folder, "notes.gguf");
        File.WriteAllText(path, "these are not weights");
        var services = new ServiceCollection();
        services.AddOrchestrator(o =>
        {
            o.Providers["local"] = new ProviderOptions { Type = "llamasharp", Models = ["tiny"], Settings = { ["ModelPath"] = path } };
            o.Models.Add(new ModelDescriptor { Provider = "local", Id = "tiny", Local = true, InputPricePerMillion = 0, OutputPricePerMillion = 0 });
        }).AddLlamaSharpProvider();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OrchestratorOptions>>().Value);

        Assert.Contains("Orchestrator:Providers:local", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a GGUF model file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ProviderDescriptor WithSettings(ProviderDescriptor descriptor, Dictionary<string, string> settings) => new()
    {
        Name = descriptor.Name,
        Type = descriptor.Type,
        Protocol = descriptor.Protocol,
        Local = descriptor.Local,
        Models = descriptor.Models,
        Settings = settings,
    };
}
