namespace Orchestrator.Judging;

/// <summary>The judge model's replies could not be read as a verdict; no score is invented in its place.</summary>
public sealed class JudgeFailedException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="JudgeFailedException"/> class.</summary>
    /// <param name="attempts">How many replies were tried.</param>
    /// <param name="lastError">What was wrong with the last one.</param>
    public JudgeFailedException(int attempts, string lastError)
        : base($"The judge gave no usable verdict in {attempts} attempt(s): {lastError}. Use a model that follows JSON instructions, or raise the attempts.")
    {
        Attempts = attempts;
        LastError = lastError;
    }

    /// <summary>Gets how many replies were tried.</summary>
    public int Attempts { get; }

    /// <summary>Gets what was wrong with the last reply.</summary>
    public string LastError { get; }
}
