namespace Orchestrator;

/// <summary>
/// The root of every error Orchestrator raises on purpose. Catch it to handle any Orchestrator failure;
/// catch a subclass to act on a specific one.
/// </summary>
public class OrchestratorException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class.</summary>
    public OrchestratorException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class with a message.</summary>
    /// <param name="message">What went wrong and what to do about it. It may reach a model or a remote peer: no secrets.</param>
    public OrchestratorException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestratorException"/> class with a message and a cause.</summary>
    /// <param name="message">What went wrong and what to do about it. It may reach a model or a remote peer: no secrets.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public OrchestratorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
