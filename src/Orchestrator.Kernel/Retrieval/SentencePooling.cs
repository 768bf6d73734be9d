namespace Orchestrator.Retrieval;

/// <summary>How the sentence list turns the scores of a chunk's sentences into one score for the chunk.</summary>
public enum SentencePooling
{
    /// <summary>The best sentence's score.</summary>
    Max,

    /// <summary>The mean of the two best sentences (the best alone for a chunk with one sentence in the list): rewards a second supporting sentence.</summary>
    MeanOfTopTwo,

    /// <summary>
    /// A soft maximum, <c>t * log(sum exp(score / t))</c> with <see cref="FusionOptions.SentencePoolingTemperature"/> as
    /// <c>t</c>: near the max for a small t, with a bonus for several good sentences.
    /// </summary>
    LogSumExp,
}
