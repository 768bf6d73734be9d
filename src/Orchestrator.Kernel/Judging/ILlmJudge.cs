namespace Orchestrator.Judging;

/// <summary>Scores an output against named criteria, from 0 (fails) to 1 (fully meets).</summary>
public interface ILlmJudge
{
    /// <summary>Judges <paramref name="output"/> as an answer to <paramref name="task"/>.</summary>
    /// <param name="task">What was asked.</param>
    /// <param name="output">What was produced.</param>
    /// <param name="criteria">The criteria, each scored 0-1 (for example completion, completeness, correctness).</param>
    /// <param name="cancellationToken">Cancels the judge's model call.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="JudgeFailedException">The judge model gave no usable verdict within its attempts.</exception>
    Task<JudgeVerdict> JudgeAsync(string task, string output, IReadOnlyList<string> criteria, CancellationToken cancellationToken = default);
}
