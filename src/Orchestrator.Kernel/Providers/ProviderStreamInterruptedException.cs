using Orchestrator.Usage;

namespace Orchestrator.Providers;

/// <summary>
/// A streamed call failed after content had started to arrive. It carries what was received and the usage
/// already consumed (which is charged), because a stream cannot be failed over transparently once the caller
/// has seen tokens.
/// </summary>
public sealed class ProviderStreamInterruptedException : ProviderUnavailableException
{
    /// <summary>Initializes a new instance of the <see cref="ProviderStreamInterruptedException"/> class.</summary>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="model">The model id that was called.</param>
    /// <param name="partialText">The text received before the failure.</param>
    /// <param name="usage">The usage consumed up to the failure (estimated when the provider had not reported it yet).</param>
    /// <param name="innerException">The transport failure.</param>
    public ProviderStreamInterruptedException(string provider, string model, string partialText, InvocationUsage usage, Exception? innerException)
        : base(provider, model, ProviderFailureKind.StreamInterrupted,
            $"The stream from provider '{provider}' (model '{model}') was interrupted after {partialText.Length} characters; the partial text and the usage consumed ({usage.OutputTokens} output tokens, ${usage.Cost:0.######}) are attached.",
            innerException: innerException)
    {
        PartialText = partialText;
        Usage = usage;
    }

    /// <summary>Gets the text received before the stream failed.</summary>
    public string PartialText { get; }

    /// <summary>Gets the usage consumed up to the failure; it is charged.</summary>
    public InvocationUsage Usage { get; }
}
