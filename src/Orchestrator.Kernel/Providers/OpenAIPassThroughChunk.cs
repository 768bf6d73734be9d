namespace Orchestrator.Providers;

/// <summary>
/// One upstream <c>chat.completion.chunk</c> event of a forwarded streamed request (<see cref="OpenAIPassThroughRequest"/>),
/// set as the update's <c>RawRepresentation</c>. The update's text, tool-call deltas, finish reason and usage are parsed
/// from it, so the router's first-content rule, metering and the budget work as on any stream; the gateway writes the
/// event's data back with only <c>model</c> replaced.
/// </summary>
internal sealed class OpenAIPassThroughChunk
{
    public OpenAIPassThroughChunk(byte[] data, bool isUsageOnly)
    {
        Data = data;
        IsUsageOnly = isUsageOnly;
    }

    /// <summary>Gets the event's <c>data:</c> payload as the provider sent it (one JSON object).</summary>
    public byte[] Data { get; }

    /// <summary>
    /// Gets a value indicating whether this is the usage chunk <c>stream_options.include_usage</c> asks for (no choices,
    /// a <c>usage</c> object): the forwarder always asks for it, and the gateway sends it on only to clients that did.
    /// </summary>
    public bool IsUsageOnly { get; }
}
