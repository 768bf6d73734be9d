using System.Text.Json;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Http;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// What the gateway changes in a provider's own JSON, a whole answer or one streamed event, on the pass-through:
/// <c>model</c> becomes the <c>provider/model</c> that served and, where asked, <c>usage</c> becomes the metered usage.
/// Everything else is copied token by token.
/// </summary>
internal static class PassThroughRewrite
{
    private static readonly JsonEncodedText[] Model = [JsonEncodedText.Encode("model")];
    private static readonly JsonEncodedText[] ModelAndUsage = [JsonEncodedText.Encode("model"), JsonEncodedText.Encode("usage")];

    /// <summary>Copies <paramref name="source"/> into <paramref name="writer"/> with the replacements.</summary>
    /// <param name="source">The provider's JSON object.</param>
    /// <param name="writer">Where the copy goes.</param>
    /// <param name="model">The value written for <c>model</c>.</param>
    /// <param name="replaceUsage">Whether <c>usage</c> is replaced too (by <paramref name="usage"/>, or null when there is none).</param>
    /// <param name="usage">The metered usage.</param>
    public static void Write(ReadOnlySpan<byte> source, Utf8JsonWriter writer, string model, bool replaceUsage, WireUsage? usage) =>
        JsonObjectRewriter.Rewrite(source, writer, replaceUsage ? ModelAndUsage : Model, (Model: model, Usage: usage), static (w, index, _, state) =>
        {
            if (index == 0)
            {
                w.WriteStringValue(state.Model);
            }
            else if (state.Usage is null)
            {
                w.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(w, state.Usage, GatewayJsonContext.Default.WireUsage);
            }
        });
}
