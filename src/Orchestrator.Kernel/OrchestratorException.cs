namespace Orchestrator;

/// <summary>
/// The root of every error Orchestrator raises on purpose. Catch it to handle any Orchestrator failure;
/// catch a subclass to act on a specific one.
/// </summary>
/// <remarks>Messages say what went wrong and what to do, and never carry secrets: they may reach a model or a remote peer.</remarks>
public class OrchestratorException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class.</summary>
    public OrchestratorException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public OrchestratorException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OrchestratorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
