using System.Globalization;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>The LLamaSharp-specific settings of one provider, read from <see cref="ProviderDescriptor.Settings"/>.</summary>
/// <param name="ModelPath">The full path of the GGUF file.</param>
/// <param name="ContextSize">The context window of each request, in tokens (prompt plus completion).</param>
/// <param name="Threads">The CPU threads used for generation, or <see langword="null"/> for llama.cpp's default.</param>
/// <param name="GpuLayerCount">How many layers are offloaded to a GPU; 0 runs on the CPU only.</param>
internal sealed record LlamaSharpSettings(string ModelPath, int ContextSize, int? Threads, int GpuLayerCount)
{
    public const string ModelPathKey = "ModelPath";
    public const string ContextSizeKey = "ContextSize";
    public const string ThreadsKey = "Threads";
    public const string GpuLayerCountKey = "GpuLayerCount";
    public const int DefaultContextSize = 2048;

    /// <summary>Lists what is wrong with a provider's settings, each problem naming the setting and the fix.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The problems; empty when the settings are usable.</returns>
    public static IReadOnlyList<string> Validate(ProviderDescriptor provider)
    {
        var problems = new List<string>();
        _ = TryRead(provider, problems);
        return problems;
    }

    /// <summary>Reads the settings of a provider that passed <see cref="Validate"/>.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists each problem.</exception>
    public static LlamaSharpSettings Read(ProviderDescriptor provider)
    {
        var problems = new List<string>();
        return TryRead(provider, problems) is { } settings && problems.Count == 0
            ? settings
            : throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(provider));
    }

    private static LlamaSharpSettings? TryRead(ProviderDescriptor provider, List<string> problems)
    {
        var prefix = $"Settings:{ModelPathKey}";
        string? fullPath = null;
        if (!provider.Settings.TryGetValue(ModelPathKey, out var path) || string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"{prefix} is not set; set Orchestrator:Providers:{provider.Name}:Settings:{ModelPathKey} to the path of a .gguf model file.");
        }
        else
        {
            fullPath = Path.GetFullPath(path.Trim());
            if (GgufFile.Check(fullPath, prefix) is { } problem)
            {
                problems.Add(problem);
            }
        }

        var contextSize = ReadInt(provider, ContextSizeKey, 1, int.MaxValue, "a positive number of tokens, e.g. 2048", problems) ?? DefaultContextSize;
        var threads = ReadInt(provider, ThreadsKey, 1, 1024, $"a thread count from 1 to 1024, or leave it unset for llama.cpp's default", problems);
        var gpuLayers = ReadInt(provider, GpuLayerCountKey, 0, int.MaxValue, "0 (CPU only) or the number of layers to offload", problems) ?? 0;
        if (provider.Models.Count > 1)
        {
            problems.Add($"Models: a llamasharp provider serves the one GGUF file in Settings:{ModelPathKey}, but {provider.Models.Count} models are listed "
                + $"({string.Join(", ", provider.Models.Select(m => m.Id))}); configure one provider per GGUF file.");
        }

        return fullPath is null ? null : new LlamaSharpSettings(fullPath, contextSize, threads, gpuLayers);
    }

    private static int? ReadInt(ProviderDescriptor provider, string key, int min, int max, string expected, List<string> problems)
    {
        if (!provider.Settings.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"Settings:{key} is '{text}'; set Orchestrator:Providers:{provider.Name}:Settings:{key} to {expected}.");
        return null;
    }
}
