using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>Plays a <see cref="WireFault"/> in the framing of the request's provider.</summary>
internal static class FaultResponder
{
    private const string HtmlPage = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>";

    public static async Task RespondAsync(
        HttpContext context, WireDialect dialect, RecordedRequest request, WireFault fault, CancellationToken cancellationToken)
    {
        var response = context.Response;
        switch (fault.Kind)
        {
            case WireFaultKind.HttpStatus:
                if (fault.RetryAfter is { } retryAfter)
                {
                    response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    response.Headers["retry-after-ms"] = ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                }

                var error = new WireStream(context, TimeSpan.Zero);
                await error.WriteJsonAsync(fault.StatusCode, dialect.ErrorBody(fault.StatusCode, fault.Message), cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.DropConnection:
                await dialect.WriteReplyAsync(context, request, Filler(fault), new StreamCut(fault.ChunksBeforeDrop), cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.StreamError when !request.IsStreaming:
                var failure = new WireStream(context, TimeSpan.Zero);
                var status = fault.StreamErrorStatus ?? StatusCodes.Status500InternalServerError;
                await failure.WriteJsonAsync(status, dialect.ErrorBody(status, fault.Message), cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.StreamError:
                await dialect.WriteReplyAsync(context, request, Filler(fault), new StreamCut(fault.ChunksBeforeDrop, fault.Message, fault.StreamErrorStatus), cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.MalformedJson when request.IsStreaming:
                var stream = new WireStream(context, TimeSpan.Zero);
                await stream.StartAsync(dialect.StreamContentType, cancellationToken).ConfigureAwait(false);
                await dialect.WriteMalformedStreamAsync(stream, cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.MalformedJson:
                await WriteAsync(response, "application/json", """{"id":"broken","choices":[{"message":{"content":"Hel""", cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.WrongContentType:
                await WriteAsync(response, "text/html; charset=utf-8", HtmlPage, cancellationToken).ConfigureAwait(false);
                break;

            case WireFaultKind.EmptyBody:
                await WriteAsync(response, "application/json", string.Empty, cancellationToken).ConfigureAwait(false);
                break;

            default:
                throw new InvalidOperationException($"Unknown fault kind {fault.Kind}.");
        }
    }

    /// <summary>A reply longer than the cut, so the stream is always interrupted, never finished.</summary>
    private static ScriptedReply Filler(WireFault fault)
    {
        var words = Enumerable.Range(1, fault.ChunksBeforeDrop + 8).Select(i => string.Create(CultureInfo.InvariantCulture, $"word{i}"));
        return ScriptedReply.Text(string.Join(' ', words));
    }

    private static async Task WriteAsync(HttpResponse response, string contentType, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
