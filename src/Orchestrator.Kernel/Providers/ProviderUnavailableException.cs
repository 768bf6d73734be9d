namespace Orchestrator.Providers;

/// <summary>
/// A transient provider failure: timeout, 429, 5xx, connection error, or a malformed 200.
/// A router may retry elsewhere; <see cref="RetryAfter"/> says when this provider may be asked again.
/// </summary>
public class ProviderUnavailableException : ProviderException
{
    /// <summary>Initializes a new instance of the <see cref="ProviderUnavailableException"/> class.</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="model">The model id that was called.</param>
    /// <param name="kind">Why the call failed.</param>
    /// <param name="message">A human-readable explanation, free of secrets.</param>
    /// <param name="statusCode">The HTTP status, if any.</param>
    /// <param name="retryAfter">The provider's Retry-After, if it sent one.</param>
    /// <param name="innerException">The SDK or transport failure.</param>
    public ProviderUnavailableException(string provider, string model, ProviderFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(provider, model, kind, message, statusCode, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how long the provider asked callers to wait, when it said so (HTTP Retry-After).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
