using System.Diagnostics;
using System.Net.Http.Headers;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers;

/// <summary>Probes a provider by listing its models: cheap, generates nothing, and proves credentials and endpoint.</summary>
internal static class HttpHealthProbe
{
    public static async Task<ProviderHealth> GetAsync(HttpClient http, Uri uri, Action<HttpRequestHeaders> authorize, Func<string, string?> check, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        authorize(request.Headers);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!response.IsSuccessStatusCode)
        {
            return new ProviderHealth(false, $"{uri.AbsolutePath} answered HTTP {(int)response.StatusCode}", elapsed, time.GetUtcNow());
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var problem = check(body);
        return problem is null
            ? new ProviderHealth(true, $"{uri.AbsolutePath} OK", elapsed, time.GetUtcNow())
            : new ProviderHealth(false, problem, elapsed, time.GetUtcNow());
    }

    public static string? ExpectJsonProperty(string body, string property)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty(property, out _)
                ? null
                : $"the model listing has no '{property}' field";
        }
        catch (System.Text.Json.JsonException)
        {
            return "the model listing is not JSON";
        }
    }
}
