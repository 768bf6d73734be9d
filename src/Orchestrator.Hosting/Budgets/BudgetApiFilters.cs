using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Hosting.Budgets;

/// <summary>API-key authentication (with the admin scope for limits) and request logging for the Budget API.</summary>
internal static partial class BudgetApiFilters
{
    public const string Header = "X-Api-Key";

    public static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool admin)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<BudgetApiOptions>>().Value.Keys;
        var sent = context.HttpContext.Request.Headers[Header].ToString();
        var match = sent.Length == 0 ? null : keys.FirstOrDefault(k => FixedTimeEquals(k.Key, sent));
        if (match is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send a valid API key in the {Header} header.");
        }

        if (admin && !match.Admin)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "This API key lacks the admin scope, which setting and deleting limits needs.");
        }

        return await next(context).ConfigureAwait(false);
    }

    public static async ValueTask<object?> LogAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Hosting.BudgetApi");
        var result = await next(context).ConfigureAwait(false);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
        var request = context.HttpContext.Request;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogRequest(logger, request.Method, request.Path.Value ?? string.Empty, status, elapsed);
        return result;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Budget API {Method} {Path} answered {Status} in {ElapsedMs:0.0} ms.")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);

    private static bool FixedTimeEquals(string expected, string sent) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(sent));
}
