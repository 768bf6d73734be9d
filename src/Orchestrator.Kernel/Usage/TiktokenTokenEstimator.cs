using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Orchestrator.Usage;

/// <summary>
/// Estimates tokens with OpenAI's o200k_base encoding. Other vendors' tokenizers differ by a few percent, which is
/// why estimated usage is always flagged as such.
/// </summary>
public sealed class TiktokenTokenEstimator : ITokenEstimator
{
    // Chat formats wrap each message in a few control tokens (role, separators).
    private const int PerMessageOverhead = 4;
    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <inheritdoc />
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : SharedTokenizer.Value.CountTokens(text);

    /// <summary>Estimates the prompt size of a chat request.</summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="messages">The messages sent.</param>
    /// <returns>The estimated input tokens.</returns>
    public static long CountPromptTokens(ITokenEstimator estimator, IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(messages);
        long total = 0;
        foreach (var message in messages)
        {
            total += PerMessageOverhead + estimator.CountTokens(message.Text);
        }

        return total;
    }
}
