using System.IO.Compression;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>
/// Decodes a response body's <c>Content-Encoding</c> for a client without automatic decompression: the pass-through
/// asks for none, but a provider (or a proxy in front of it) may compress anyway.
/// </summary>
internal static class ContentCoding
{
    /// <summary>Decodes <paramref name="body"/> by each coding in <paramref name="codings"/> (comma-separated, applied in order, so decoded last first).</summary>
    /// <param name="body">The body as received.</param>
    /// <param name="codings">The <c>Content-Encoding</c> header's value.</param>
    /// <param name="cancellationToken">Cancels the decoding.</param>
    /// <returns>The decoded body.</returns>
    /// <exception cref="HttpRequestException">A coding this client cannot decode.</exception>
    public static async Task<byte[]> DecodeAsync(byte[] body, string codings, CancellationToken cancellationToken)
    {
        var decoder = Decoding(new MemoryStream(body, writable: false), codings);
        await using (decoder.ConfigureAwait(false))
        {
            using var decoded = new MemoryStream(body.Length * 4);
            await decoder.CopyToAsync(decoded, cancellationToken).ConfigureAwait(false);
            return decoded.ToArray();
        }
    }

    /// <summary>
    /// Wraps <paramref name="source"/> in a stream that decodes each coding in <paramref name="codings"/> as it is read
    /// (a streamed answer is decoded event by event); disposing the result disposes <paramref name="source"/>.
    /// </summary>
    /// <param name="source">The body as it arrives.</param>
    /// <param name="codings">The <c>Content-Encoding</c> header's value.</param>
    /// <returns>The decoding stream.</returns>
    /// <exception cref="HttpRequestException">A coding this client cannot decode.</exception>
    public static Stream Decoding(Stream source, string codings)
    {
        var names = codings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            source = names[i].ToUpperInvariant() switch
            {
                "IDENTITY" => source,
                "GZIP" or "X-GZIP" => new GZipStream(source, CompressionMode.Decompress),
                "DEFLATE" => new ZLibStream(source, CompressionMode.Decompress),
                "BR" => new BrotliStream(source, CompressionMode.Decompress),
                _ => throw new HttpRequestException($"The provider answered with the content coding '{names[i]}', which Orchestrator cannot decode; configure the provider or the proxy in front of it to send gzip, deflate, br or no coding."),
            };
        }

        return source;
    }
}
