using Orchestrator.Catalog;

namespace Orchestrator.Usage;

/// <summary>Prices token usage at a model's catalog list prices.</summary>
public static class CostCalculator
{
    private const decimal Million = 1_000_000m;

    /// <summary>Computes the cost in US dollars of a call.</summary>
    /// <param name="model">The model, with prices.</param>
    /// <param name="inputTokens">All prompt tokens, cached ones included.</param>
    /// <param name="outputTokens">Generated tokens.</param>
    /// <param name="cachedInputTokens">Prompt tokens served from cache.</param>
    /// <returns>The cost in US dollars.</returns>
    public static decimal Compute(ModelDescriptor model, long inputTokens, long outputTokens, long cachedInputTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        var input = model.InputPricePerMillion ?? 0m;
        var cached = model.CachedInputPricePerMillion ?? input;
        var cachedTokens = Math.Clamp(cachedInputTokens, 0, Math.Max(inputTokens, 0));
        return (((inputTokens - cachedTokens) * input) + (cachedTokens * cached) + (outputTokens * (model.OutputPricePerMillion ?? 0m))) / Million;
    }

    /// <summary>Computes the worst-case cost of a request before it is sent: every prompt token at the input price and every allowed output token at the output price.</summary>
    /// <param name="model">The model, with prices.</param>
    /// <param name="promptTokens">The estimated prompt size.</param>
    /// <param name="maxOutputTokens">The most tokens the call may generate.</param>
    /// <returns>The upper bound of the call's cost in US dollars.</returns>
    public static decimal WorstCase(ModelDescriptor model, long promptTokens, long maxOutputTokens) =>
        Compute(model, promptTokens, maxOutputTokens, 0);
}
