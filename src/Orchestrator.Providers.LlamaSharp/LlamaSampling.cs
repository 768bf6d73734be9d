using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>
/// Maps <see cref="ChatOptions"/> to llama.cpp's sampler chain. Unset values take llama.cpp's command-line defaults
/// (temperature 0.8, top-p 0.95, top-k 40, min-p 0.05); temperature 0 is greedy decoding.
/// </summary>
internal static class LlamaSampling
{
    public const float DefaultTemperature = 0.8f;
    public const float DefaultTopP = 0.95f;
    public const int DefaultTopK = 40;
    public const float DefaultMinP = 0.05f;

    /// <summary>Checks the options a local model can honour.</summary>
    /// <param name="options">The request options.</param>
    /// <returns>What is wrong and how to fix it, or <see langword="null"/>.</returns>
    public static string? Validate(ChatOptions? options) => options switch
    {
        null => null,
        { MaxOutputTokens: <= 0 } => $"MaxOutputTokens is {options.MaxOutputTokens}; ask for at least 1 token or leave it unset.",
        { Temperature: < 0 } => $"Temperature is {options.Temperature}; use 0 (greedy) or more.",
        { TopP: <= 0 or > 1 } => $"TopP is {options.TopP}; use a value in (0, 1].",
        { TopK: <= 0 } => $"TopK is {options.TopK}; use 1 or more.",
        { FrequencyPenalty: < -2 or > 2 } => $"FrequencyPenalty is {options.FrequencyPenalty}; use a value from -2 to 2.",
        { PresencePenalty: < -2 or > 2 } => $"PresencePenalty is {options.PresencePenalty}; use a value from -2 to 2.",
        _ => null,
    };

    /// <summary>Creates the sampler for one request.</summary>
    /// <param name="options">The validated request options.</param>
    /// <returns>The sampler; the caller disposes it.</returns>
    public static DefaultSamplingPipeline Create(ChatOptions? options)
    {
        var pipeline = new DefaultSamplingPipeline
        {
            Temperature = options?.Temperature ?? DefaultTemperature,
            TopP = options?.TopP ?? DefaultTopP,
            TopK = options?.TopK ?? DefaultTopK,
            MinP = DefaultMinP,
            FrequencyPenalty = options?.FrequencyPenalty ?? 0,
            PresencePenalty = options?.PresencePenalty ?? 0,
        };

        if (options?.Seed is { } seed)
        {
            // llama.cpp seeds are 32-bit; the low bits of a 64-bit seed keep equal seeds equal.
            pipeline.Seed = unchecked((uint)seed);
        }

        return pipeline;
    }
}
