using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.McpServers.Hosting;

/// <summary>
/// Stops DNS rebinding and drive-by browser calls before MCP sees a request: the Host header must name loopback,
/// an Origin header (browsers send one) must be a loopback or explicitly allowed origin, and the bearer token must
/// match (compared in constant time).
/// </summary>
internal sealed class LoopbackGuardMiddleware
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];
    private readonly RequestDelegate _next;
    private readonly byte[] _token;
    private readonly HashSet<string> _allowedOrigins;

    public LoopbackGuardMiddleware(RequestDelegate next, ServerSettings settings)
    {
        _next = next;
        _token = Encoding.UTF8.GetBytes(settings.Token ?? throw new ArgumentException("HTTP transport needs a bearer token.", nameof(settings)));
        _allowedOrigins = new HashSet<string>(settings.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (!LoopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return RejectAsync(context, StatusCodes.Status421MisdirectedRequest, "Host header must be a loopback name.");
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin))
        {
            return RejectAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed.");
        }

        var auth = context.Request.Headers.Authorization.ToString();
        var presented = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(auth[7..].Trim()) : [];
        if (!CryptographicOperations.FixedTimeEquals(presented, _token))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return RejectAsync(context, StatusCodes.Status401Unauthorized, "Missing or wrong bearer token.");
        }

        return _next(context);
    }

    private bool IsAllowedOrigin(string origin) =>
        _allowedOrigins.Contains(origin.TrimEnd('/'))
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback && LoopbackHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase));

    private static Task RejectAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(message);
    }
}
