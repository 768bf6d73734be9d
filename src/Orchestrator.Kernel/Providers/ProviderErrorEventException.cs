namespace Orchestrator.Providers;

/// <summary>
/// A provider reported a failure as an error event inside a response that had already started with HTTP 200 (Anthropic's
/// <c>event: error</c> with <c>overloaded_error</c>, <c>rate_limit_error</c>, <c>api_error</c>, ...). Provider adapters
/// translate their SDK's exception into this, naming the HTTP status the event stands for, so
/// <see cref="ProviderErrorClassifier"/> classifies it exactly as it would that status.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1064:Exceptions should be public", Justification = "Never escapes: ProviderChatClient always turns it into a public ProviderException.")]
internal sealed class ProviderErrorEventException : Exception
{
    public ProviderErrorEventException(int equivalentStatus, string? errorBody, Exception innerException)
        : base($"The provider sent an error event standing for HTTP {equivalentStatus}.", innerException)
    {
        EquivalentStatus = equivalentStatus;
        ErrorBody = errorBody;
    }

    /// <summary>Gets the HTTP status the error event stands for.</summary>
    public int EquivalentStatus { get; }

    /// <summary>Gets the event's data, in the provider's error JSON shape when it has one.</summary>
    public string? ErrorBody { get; }
}
