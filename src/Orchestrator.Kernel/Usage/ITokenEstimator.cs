namespace Orchestrator.Usage;

/// <summary>Estimates token counts when a provider reports no usage, so a call is never silently logged at zero.</summary>
public interface ITokenEstimator
{
    /// <summary>Counts the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimated token count.</returns>
    int CountTokens(string text);
}
