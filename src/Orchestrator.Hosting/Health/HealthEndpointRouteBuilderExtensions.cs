using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the liveness and readiness endpoints.</summary>
public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/health/live</c> (200 while the process serves requests; runs no check) and <c>/health/ready</c>
    /// (every check tagged <c>ready</c>; 200 when healthy or degraded, 503 when any is unhealthy), both answering JSON
    /// with each dependency's status, description, duration and data. Call <c>AddOrchestratorHealthChecks()</c> first.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The application, for chaining.</returns>
    public static IEndpointRouteBuilder MapOrchestratorHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var json = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
                if (entry.Exception is not null)
                {
                    json.WriteString("error", entry.Exception.Message);
                }

                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    WriteValue(json, key, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object value)
    {
        switch (value)
        {
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case long or int or double or decimal:
                json.WriteNumber(key, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
