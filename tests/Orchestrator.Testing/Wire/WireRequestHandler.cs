using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>Recognises which provider a request speaks to, records it, and answers it from the script.</summary>
internal sealed class WireRequestHandler(WireServer server, ReplyRouter script, CancellationToken stopping)
{
    private static readonly OpenAIDialect OpenAI = new();
    private static readonly AnthropicDialect Anthropic = new();
    private static readonly OllamaDialect Ollama = new();

    private enum Route
    {
        Chat,
        Models,
        OllamaVersion,
        OllamaRoot,
        Other,
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var (dialect, route) = Classify(context.Request);
        try
        {
            var request = await RecordAsync(context, dialect?.Protocol ?? WireProtocol.Unknown, cancellationToken).ConfigureAwait(false);
            await RespondAsync(context, dialect, route, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, the server is stopping, or a scripted drop already aborted the connection.
            context.Abort();
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A test's own script failed (a computed reply threw, say): answer with a status no SDK retries, and say why.
            var message = $"The wire server could not play the scripted reply: {ex.Message}";
            var error = dialect?.ErrorBody(400, message) ?? new JsonObject { ["error"] = message };
            await new WireStream(context, TimeSpan.Zero).WriteJsonAsync(StatusCodes.Status400BadRequest, error, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static (WireDialect? Dialect, Route Route) Classify(HttpRequest request)
    {
        var path = (request.Path.Value ?? "/").TrimEnd('/');
        var isGet = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        return path switch
        {
            // A suffix match serves OpenAI-compatible endpoints under any prefix (/v1, /openai/v1, …).
            _ when isPost && path.EndsWith("/chat/completions", StringComparison.Ordinal) => (OpenAI, Route.Chat),
            _ when isPost && path.EndsWith("/v1/messages", StringComparison.Ordinal) => (Anthropic, Route.Chat),
            "/api/chat" when isPost => (Ollama, Route.Chat),
            "/api/tags" when isGet => (Ollama, Route.Models),
            "/api/version" when isGet => (Ollama, Route.OllamaVersion),
            "" when isGet => (Ollama, Route.OllamaRoot),

            // Both OpenAI and Anthropic list models at /v1/models; only Anthropic's clients send anthropic-version.
            _ when isGet && path.EndsWith("/models", StringComparison.Ordinal) =>
                (request.Headers.ContainsKey("anthropic-version") ? Anthropic : OpenAI, Route.Models),
            _ => (null, Route.Other),
        };
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context, WireProtocol protocol, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(
            protocol, context.Request.Method, context.Request.Path.Value ?? "/", headers, body, DateTimeOffset.UtcNow);
        server.Record(request);
        return request;
    }

    private async Task RespondAsync(
        HttpContext context, WireDialect? dialect, Route route, RecordedRequest request, CancellationToken cancellationToken)
    {
        var plain = new WireStream(context, TimeSpan.Zero);
        if (dialect is null)
        {
            var notFound = new JsonObject { ["error"] = $"The wire server has no route for {request.Method} {request.Path}." };
            await plain.WriteJsonAsync(StatusCodes.Status404NotFound, notFound, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (route)
        {
            case Route.Models or Route.OllamaVersion or Route.OllamaRoot when server.ListingFault is { } listingFault:
                await FaultResponder.RespondAsync(context, dialect, request, listingFault, cancellationToken).ConfigureAwait(false);
                return;

            case Route.Models:
                await plain.WriteJsonAsync(StatusCodes.Status200OK, dialect.ModelList(server.Models), cancellationToken).ConfigureAwait(false);
                return;

            case Route.OllamaVersion:
                var version = new JsonObject { ["version"] = OllamaDialect.Version };
                await plain.WriteJsonAsync(StatusCodes.Status200OK, version, cancellationToken).ConfigureAwait(false);
                return;

            case Route.OllamaRoot:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Ollama is running", cancellationToken).ConfigureAwait(false);
                return;

            default:
                await ReplyAsync(context, dialect, request, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task ReplyAsync(HttpContext context, WireDialect dialect, RecordedRequest request, CancellationToken cancellationToken)
    {
        var reply = script.Next(request);
        if (reply is null)
        {
            // A 400 is retried by no SDK, so a test that forgot to script a reply fails at once and says why.
            var message = $"The wire server has no scripted reply for model '{request.Model}': call WireServer.Enqueue(...) or set DefaultReply.";
            var missing = new WireStream(context, TimeSpan.Zero);
            await missing.WriteJsonAsync(StatusCodes.Status400BadRequest, dialect.ErrorBody(400, message), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (reply.FirstByteDelay > TimeSpan.Zero)
        {
            await Task.Delay(reply.FirstByteDelay, cancellationToken).ConfigureAwait(false);
        }

        if (reply.InjectedFault is { } fault)
        {
            await FaultResponder.RespondAsync(context, dialect, request, fault, cancellationToken).ConfigureAwait(false);
            return;
        }

        await dialect.WriteReplyAsync(context, request, reply, reply.DropAfterChunks is { } chunks ? new StreamCut(chunks) : null, cancellationToken).ConfigureAwait(false);
    }
}
