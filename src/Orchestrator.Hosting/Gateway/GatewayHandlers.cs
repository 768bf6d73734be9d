using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Hosting.Gateway.Keys;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// The OpenAI-compatible endpoints. One instance per host, resolved once when the endpoints are mapped, so a request
/// costs no service lookups: authenticate the key, take a rate-limit permit, read the body with source-generated JSON,
/// route through Orchestrator's router (privacy, budgets, logging happen there) and write the answer.
/// </summary>
internal sealed partial class GatewayHandlers
{
    /// <summary>The model names that mean "let the router choose".</summary>
    private static readonly string[] RouterAliases = ["auto", "router", "orchestrator"];

    private readonly IChatClient _router;
    private readonly ProviderRegistry _registry;
    private readonly GatewayKeyResolver _keys;
    private readonly GatewayRateLimiter _limiter;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly ITokenEstimator _estimator;
    private readonly BudgetGate? _budgets;
    private readonly InvocationRecorder _recorder;
    private readonly GatewayEmbeddingOptions _embedding;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GatewayHandlers(IChatClient router, ProviderRegistry registry, GatewayKeyResolver keys, GatewayRateLimiter limiter,
        IEmbeddingGenerator<string, Embedding<float>>? embedder, ITokenEstimator estimator, BudgetGate? budgets, InvocationRecorder recorder,
        GatewayEmbeddingOptions embedding, TimeProvider time, ILogger logger)
    {
        _budgets = budgets;
        _recorder = recorder;
        _embedding = embedding;
        _router = router;
        _registry = registry;
        _keys = keys;
        _limiter = limiter;
        _embedder = embedder;
        _estimator = estimator;
        _time = time;
        _logger = logger;
    }

    public async Task ModelsAsync(HttpContext context)
    {
        var key = await AuthenticateAsync(context).ConfigureAwait(false);
        if (key is null)
        {
            return;
        }

        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        var models = new List<WireModel> { new("auto", "model", created, "orchestrator", key.MinTier, key.Private) };
        foreach (var provider in _registry.Providers)
        {
            foreach (var model in provider.Models)
            {
                if (provider.Enabled && Allows(key, provider, model) && (!key.Private || provider.Local))
                {
                    models.Add(new WireModel(string.Concat(provider.Name, "/", model.Id), "model", created, provider.Name, model.Tier, provider.Local));
                }
            }
        }

        await WriteJsonAsync(context, new ModelList("list", models), GatewayJsonContext.Default.ModelList).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a handler so that even a bug answers in OpenAI's format (a 500 <c>server_error</c>, logged) rather than an
    /// empty body an SDK cannot parse; an unreachable key store is a 503. A client that went away is not an error.
    /// </summary>
    public RequestDelegate Guard(RequestDelegate handler) => async context =>
    {
        try
        {
            await handler(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (System.Data.Common.DbException ex) when (!context.Response.HasStarted)
        {
            LogUnexpected(_logger, ex, context.Request.Path.Value ?? string.Empty);
            await new GatewayError(503, "The key store does not answer; retry shortly. /health/ready shows the dependency's state.", "server_error", "key_store_unavailable")
                .WriteAsync(context.Response, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last resort of the request: every exception becomes a logged 500 in the API's format.
        catch (Exception ex) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            LogUnexpected(_logger, ex, context.Request.Path.Value ?? string.Empty);
            await new GatewayError(500, "The gateway failed unexpectedly; the error is logged on the server.", "server_error", "internal_error")
                .WriteAsync(context.Response, CancellationToken.None).ConfigureAwait(false);
        }
    };

    /// <summary>Checks the bearer key and the key's rate limit; on refusal writes the error and returns <see langword="null"/>.</summary>
    private async ValueTask<GatewayKey?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            await GatewayError.Unauthorized("Missing API key: send 'Authorization: Bearer <key>' with a key an administrator created (POST /admin/keys).")
                .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        var key = await _keys.ResolveAsync(header[7..].Trim(), context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            await GatewayError.Unauthorized("Invalid or revoked API key.").WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        var (acquired, retryAfter) = await _limiter.TryAcquireAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (!acquired)
        {
            LogRateLimited(_logger, key.Id);
            await GatewayError.RateLimited($"Rate limit of key '{key.Name}' reached; retry after the Retry-After header's seconds.", retryAfter)
                .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        return key;
    }

    /// <summary>Decides what the router may use for this key and requested model; an error when the key may not use it.</summary>
    private GatewayError? TryRoute(GatewayKey key, string? requested, bool privateHeader, out RoutingRequest routing)
    {
        routing = new RoutingRequest { MinTier = key.MinTier, MaxTier = key.MaxTier, Private = key.Private || privateHeader, Models = key.AllowedModels };
        if (string.IsNullOrWhiteSpace(requested))
        {
            return GatewayError.BadRequest("'model' is required: a model from GET /v1/models, or 'auto' to let the router choose.", "model", "missing_required_parameter");
        }

        if (RouterAliases.Contains(requested, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        // Loops rather than LINQ: this runs on every request that names a model.
        ModelDescriptor? firstMatch = null;
        List<string>? allowed = null;
        foreach (var provider in _registry.Providers)
        {
            if (!provider.Enabled)
            {
                continue;
            }

            foreach (var model in provider.Models)
            {
                if (Matches(requested, provider, model))
                {
                    firstMatch ??= model;
                    if (Allows(key, provider, model))
                    {
                        (allowed ??= []).Add(string.Concat(provider.Name, "/", model.Id));
                    }
                }
            }
        }

        if (firstMatch is null)
        {
            return new GatewayError(404, $"The model '{requested}' does not exist or no enabled provider serves it; GET /v1/models lists them.", GatewayError.InvalidRequest, "model_not_found", "model");
        }

        if (allowed is null)
        {
            var tier = firstMatch.Tier;
            return tier < key.MinTier || tier > key.MaxTier
                ? GatewayError.Forbidden($"This key may use tiers {key.MinTier}..{key.MaxTier}; '{requested}' is tier {tier}.", "tier_not_allowed")
                : GatewayError.Forbidden($"This key may not use the model '{requested}'.", "model_not_allowed");
        }

        routing = routing with { Models = allowed };
        return null;
    }

    private static bool Allows(GatewayKey key, ProviderDescriptor provider, ModelDescriptor model) =>
        model.Tier >= key.MinTier && model.Tier <= key.MaxTier
        && (key.AllowedModels.Count == 0 || key.AllowedModels.Any(a => Matches(a, provider, model)));

    private static bool Matches(string name, ProviderDescriptor provider, ModelDescriptor model) => RoutingRequest.NamesModel(name, provider.Name, model.Id);

    private static bool IsPrivateHeader(HttpContext context) =>
        context.Request.Headers.TryGetValue(GatewayOptions.PrivacyHeader, out var value)
        && (string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase) || value.ToString() == "1");

    /// <summary>Reads a JSON body; on malformed JSON writes a 400 naming the position and returns <see langword="null"/>.</summary>
    private static async ValueTask<T?> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class =>
        (await ReadBodyWithBytesAsync(context, type).ConfigureAwait(false)).Body;

    /// <summary>
    /// Reads a JSON body into memory and deserializes it (the bytes are kept for forwarding them as they came); on
    /// malformed JSON writes a 400 naming the position and returns a <see langword="null"/> body.
    /// </summary>
    private static async ValueTask<(T? Body, byte[] Bytes)> ReadBodyWithBytesAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.HasJsonContentType() || string.IsNullOrEmpty(context.Request.ContentType))
        {
            var bytes = await ReadAllAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            try
            {
                var body = JsonSerializer.Deserialize(bytes, type);
                if (body is not null)
                {
                    return (body, bytes);
                }
            }
            catch (JsonException ex)
            {
                await GatewayError.BadRequest($"The request body is not valid JSON for this endpoint: {ex.Message}", ex.Path is { Length: > 2 } p ? p[2..] : null, "invalid_json")
                    .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
                return (null, bytes);
            }
        }

        await GatewayError.BadRequest("Send a JSON object body with Content-Type: application/json.", null, "invalid_json").WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        return (null, []);
    }

    /// <summary>The whole request body (Kestrel's MaxRequestBodySize bounds it).</summary>
    private static async ValueTask<byte[]> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and > 0 and <= int.MaxValue)
        {
            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    private static Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Gateway key {KeyId} reached its rate limit.")]
    private static partial void LogRateLimited(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Gateway request failed: {Status} {Code}: {Message}")]
    private static partial void LogRefused(ILogger logger, int status, string? code, string message);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Error, Message = "Gateway request {Path} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Gateway stream ended with an error after it started: {Message}")]
    private static partial void LogStreamFailed(ILogger logger, string message);
}
