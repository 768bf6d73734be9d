namespace Orchestrator.Providers;

/// <summary>
/// The provider refused the request itself: bad request, bad credentials or content policy.
/// Sending the same request elsewhere is not a blind fix, so routers surface it instead of failing over.
/// </summary>
public sealed class ProviderRequestRejectedException : ProviderException
{
    /// <summary>Initializes a new instance of the <see cref="ProviderRequestRejectedException"/> class.</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="model">The model id that was called.</param>
    /// <param name="kind">Why the call was refused.</param>
    /// <param name="message">A human-readable explanation, free of secrets.</param>
    /// <param name="statusCode">The HTTP status, if any.</param>
    /// <param name="innerException">The SDK failure.</param>
    public ProviderRequestRejectedException(string provider, string model, ProviderFailureKind kind, string message, int? statusCode = null, Exception? innerException = null)
        : base(provider, model, kind, message, statusCode, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
