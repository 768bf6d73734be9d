namespace Orchestrator.Providers;

/// <summary>A failed call to a model provider, naming the provider, the model and why it failed.</summary>
public abstract class ProviderException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="ProviderException"/> class.</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="model">The model id that was called.</param>
    /// <param name="kind">Why the call failed.</param>
    /// <param name="message">A human-readable explanation, free of secrets.</param>
    /// <param name="statusCode">The HTTP status the provider returned, if any.</param>
    /// <param name="innerException">The SDK or transport failure.</param>
    protected ProviderException(string provider, string model, ProviderFailureKind kind, string message, int? statusCode, Exception? innerException)
        : base(message, innerException!)
    {
        Provider = provider;
        Model = model;
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>Gets the configured provider name.</summary>
    public string Provider { get; }

    /// <summary>Gets the model id that was called.</summary>
    public string Model { get; }

    /// <summary>Gets why the call failed.</summary>
    public ProviderFailureKind Kind { get; }

    /// <summary>Gets the HTTP status the provider returned, if the failure had one.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets a value indicating whether another attempt (here or at another provider) may succeed.</summary>
    public abstract bool IsTransient { get; }
}
