namespace Orchestrator.Usage;

/// <summary>
/// Normalized token usage and cost of one model call. <see cref="InputTokens"/> counts every prompt token,
/// cached ones included; <see cref="CachedInputTokens"/> is the part billed at the cached-input price.
/// </summary>
/// <param name="InputTokens">All prompt tokens, cached ones included.</param>
/// <param name="OutputTokens">Generated tokens.</param>
/// <param name="CachedInputTokens">Prompt tokens served from the provider's prompt cache.</param>
/// <param name="IsEstimated">True when the provider reported no usage and the counts come from a tokenizer estimate.</param>
/// <param name="Cost">Cost in US dollars at the catalog's list prices.</param>
public sealed record InvocationUsage(long InputTokens, long OutputTokens, long CachedInputTokens, bool IsEstimated, decimal Cost)
{
    /// <summary>Gets a usage of nothing at no cost.</summary>
    public static InvocationUsage None { get; } = new(0, 0, 0, false, 0m);

    /// <summary>Gets the total of input and output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}
