using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Hosting.Budgets;
using Orchestrator.Hosting.Gateway.Keys;
using Orchestrator.Hosting.Gateway.Wire;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// <c>/admin/keys</c>: create (the secret is returned once and never stored), list and revoke virtual keys. Every
/// call needs <c>Authorization: Bearer</c> with the configured admin token.
/// </summary>
internal sealed partial class GatewayAdminHandlers
{
    private readonly GatewayKeyResolver _keys;
    private readonly GatewayRevocationBus _revocations;
    private readonly byte[] _adminToken;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GatewayAdminHandlers(GatewayKeyResolver keys, GatewayRevocationBus revocations, GatewayOptions options, TimeProvider time, ILogger logger)
    {
        _keys = keys;
        _revocations = revocations;
        _adminToken = Encoding.UTF8.GetBytes(options.AdminToken);
        _time = time;
        _logger = logger;
    }

    public async Task CreateAsync(HttpContext context)
    {
        if (!await IsAdminAsync(context).ConfigureAwait(false))
        {
            return;
        }

        CreateKeyRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.CreateKeyRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await GatewayError.BadRequest($"The body is not a valid key request: {ex.Message}", null, "invalid_json").WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var error = Validate(body);
        if (error is not null)
        {
            await error.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var secret = GatewayKeySecret.Create();
        var key = new GatewayKey
        {
            Id = "key_" + Guid.NewGuid().ToString("N")[..20],
            Name = body!.Name ?? body.UserId!,
            SecretHash = GatewayKeySecret.Hash(secret),
            Prefix = GatewayKeySecret.Display(secret),
            UserId = body.UserId!,
            TeamId = string.IsNullOrWhiteSpace(body.TeamId) ? null : body.TeamId,
            AllowedModels = body.AllowedModels ?? [],
            MinTier = body.MinTier ?? 0,
            MaxTier = body.MaxTier ?? 3,
            Private = body.Private,
            RateLimitPerMinute = body.RateLimitPerMinute,
            BudgetPeriod = BudgetApiHandlers.ParsePeriod(body.BudgetPeriod),
            BudgetLimit = body.BudgetLimit,
            CreatedAt = _time.GetUtcNow(),
        };
        await _keys.Store.InsertAsync(key, context.RequestAborted).ConfigureAwait(false);
        LogCreated(_logger, key.Id, key.UserId);
        context.Response.StatusCode = StatusCodes.Status201Created;
        await Write(context, ToView(key, secret)).ConfigureAwait(false);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (!await IsAdminAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var keys = await _keys.Store.ListAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new KeyListResponse("list", [.. keys.Select(k => ToView(k, null))]), GatewayJsonContext.Default.KeyListResponse, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task RevokeAsync(HttpContext context)
    {
        if (!await IsAdminAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var id = context.Request.RouteValues["id"]?.ToString() ?? string.Empty;
        var revoked = await _keys.Store.RevokeAsync(id, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        if (revoked is null)
        {
            await new GatewayError(404, $"No live key has the id '{id}' (it does not exist or is already revoked).", GatewayError.InvalidRequest, "key_not_found", "id")
                .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        _keys.Evict(revoked.SecretHash);
        await _revocations.PublishAsync(revoked.SecretHash).ConfigureAwait(false);
        LogRevoked(_logger, revoked.Id);
        await Write(context, ToView(revoked, null)).ConfigureAwait(false);
    }

    private static GatewayError? Validate(CreateKeyRequest? body)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.UserId))
        {
            return GatewayError.BadRequest("'user_id' is required: the user the key calls for (its budgets and logs).", "user_id", "missing_required_parameter");
        }

        if (body.MinTier is < 0 or > 3 || body.MaxTier is < 0 or > 3 || (body.MinTier ?? 0) > (body.MaxTier ?? 3))
        {
            return GatewayError.BadRequest("'min_tier' and 'max_tier' must be 0..3 with min_tier <= max_tier.", "min_tier");
        }

        if (body.RateLimitPerMinute is <= 0)
        {
            return GatewayError.BadRequest("'rate_limit_per_minute' must be positive (omit it for the gateway's default).", "rate_limit_per_minute");
        }

        if ((body.BudgetLimit is null) != (body.BudgetPeriod is null) || (body.BudgetPeriod is not null && BudgetApiHandlers.ParsePeriod(body.BudgetPeriod) is null) || body.BudgetLimit is <= 0)
        {
            return GatewayError.BadRequest("Give both 'budget_period' (daily, weekly or monthly) and a positive 'budget_limit' in US dollars, or neither.", "budget_limit");
        }

        return body.AllowedModels?.Any(string.IsNullOrWhiteSpace) == true
            ? GatewayError.BadRequest("'allowed_models' must not contain empty names.", "allowed_models")
            : null;
    }

    private static KeyView ToView(GatewayKey key, string? secret) => new(
        key.Id, key.Name, key.Prefix, key.UserId, key.TeamId, key.AllowedModels, key.MinTier, key.MaxTier, key.Private, key.RateLimitPerMinute,
        key.BudgetPeriod is { } p ? Orchestrator.Budgets.BudgetPool.PeriodName(p) : null, key.BudgetLimit, key.CreatedAt, key.RevokedAt, secret);

    private static Task Write(HttpContext context, KeyView view)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, view, GatewayJsonContext.Default.KeyView, context.RequestAborted);
    }

    private async ValueTask<bool> IsAdminAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var sent = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[7..].Trim()) : [];
        if (_adminToken.Length > 0 && CryptographicOperations.FixedTimeEquals(_adminToken, sent))
        {
            return true;
        }

        var message = _adminToken.Length == 0
            ? "The admin endpoints are disabled: set Orchestrator:Gateway:AdminToken."
            : "Send the admin token as 'Authorization: Bearer <token>'.";
        await GatewayError.Unauthorized(message).WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        return false;
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Gateway key {KeyId} created for user {UserId}.")]
    private static partial void LogCreated(ILogger logger, string keyId, string userId);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Gateway key {KeyId} revoked.")]
    private static partial void LogRevoked(ILogger logger, string keyId);
}
