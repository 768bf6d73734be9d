using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Http;

namespace Orchestrator.Providers;

/// <summary>
/// Maps whatever a provider SDK threw, together with what the HTTP layer saw, to one
/// <see cref="ProviderException"/>. Keeping this in one place means every provider fails the same way.
/// </summary>
internal static partial class ProviderErrorClassifier
{
    public static ProviderException Classify(Exception exception, HttpExchange? exchange, bool timedOut, ProviderDescriptor provider, string model)
    {
        var name = provider.Name;
        if (timedOut)
        {
            return new ProviderUnavailableException(name, model, ProviderFailureKind.Timeout,
                $"Provider '{name}' (model '{model}') did not answer within {provider.Timeout.TotalSeconds:0.#} s; raise Orchestrator:Providers:{name}:TimeoutSeconds if the model is slow.",
                innerException: exception);
        }

        if (Find<ProviderErrorEventException>(exception) is { } errorEvent)
        {
            // The stream started with 200, but the provider said which status it means: classify it as that status.
            var equivalent = new HttpExchange { StatusCode = (System.Net.HttpStatusCode)errorEvent.EquivalentStatus, ErrorBody = errorEvent.ErrorBody, RetryAfter = exchange?.RetryAfter };
            return FromStatus(exception, equivalent, errorEvent.EquivalentStatus, provider, model);
        }

        if (exchange?.StatusCode is { } status && (int)status >= 400)
        {
            return FromStatus(exception, exchange, (int)status, provider, model);
        }

        if (exchange?.UnexpectedContentType == true)
        {
            return new ProviderUnavailableException(name, model, ProviderFailureKind.MalformedResponse,
                $"Provider '{name}' (model '{model}') answered with content type '{exchange.ContentType}' instead of JSON; is BaseUrl pointing at the API rather than a web page?",
                (int?)exchange.StatusCode, innerException: exception);
        }

        // SDKs wrap transport failures (System.ClientModel's ClientResultException, for one): classify by the whole chain.
        return Root(exception) switch
        {
            JsonException or FormatException or InvalidDataException or InvalidOperationException or ArgumentException or NullReferenceException or KeyNotFoundException =>
                new ProviderUnavailableException(name, model, ProviderFailureKind.MalformedResponse,
                    $"Provider '{name}' (model '{model}') returned a response that could not be parsed ({exception.GetType().Name}).",
                    (int?)exchange?.StatusCode, innerException: exception),
            HttpRequestException or IOException or SocketException =>
                new ProviderUnavailableException(name, model, ProviderFailureKind.ConnectionFailed,
                    $"Could not reach provider '{name}' at {provider.BaseUri?.GetLeftPart(UriPartial.Authority) ?? "its endpoint"} ({Sanitize(exception.Message, provider)}).",
                    innerException: exception),
            TimeoutException or TaskCanceledException =>
                new ProviderUnavailableException(name, model, ProviderFailureKind.Timeout,
                    $"Provider '{name}' (model '{model}') timed out.", innerException: exception),
            _ => new ProviderUnavailableException(name, model, ProviderFailureKind.MalformedResponse,
                $"Provider '{name}' (model '{model}') failed unexpectedly ({exception.GetType().Name}: {Sanitize(exception.Message, provider)}).",
                (int?)exchange?.StatusCode, innerException: exception),
        };
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Root(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or IOException or SocketException or JsonException or TimeoutException)
            {
                return current;
            }
        }

        return exception;
    }

    public static string Sanitize(string text, ProviderDescriptor provider)
    {
        if (!string.IsNullOrEmpty(provider.ApiKey))
        {
            text = text.Replace(provider.ApiKey, "[redacted]", StringComparison.Ordinal);
        }

        text = SecretPattern().Replace(text, "[redacted]");
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private static ProviderException FromStatus(Exception exception, HttpExchange exchange, int status, ProviderDescriptor provider, string model)
    {
        var name = provider.Name;
        var detail = ExtractMessage(exchange.ErrorBody, provider);
        var suffix = string.IsNullOrEmpty(detail) ? string.Empty : $": {detail}";
        return status switch
        {
            429 => new ProviderUnavailableException(name, model, ProviderFailureKind.RateLimited,
                $"Provider '{name}' (model '{model}') is rate limiting (429){(exchange.RetryAfter is { } wait ? $", retry after {wait.TotalSeconds:0.###} s" : string.Empty)}{suffix}",
                status, exchange.RetryAfter, exception),
            408 => new ProviderUnavailableException(name, model, ProviderFailureKind.Timeout, $"Provider '{name}' (model '{model}') timed out the request (408){suffix}", status, exchange.RetryAfter, exception),
            >= 500 => new ProviderUnavailableException(name, model, ProviderFailureKind.ServerError,
                $"Provider '{name}' (model '{model}') failed with HTTP {status}{suffix}", status, exchange.RetryAfter, exception),
            401 or 403 => new ProviderRequestRejectedException(name, model, ProviderFailureKind.AuthenticationFailed,
                $"Provider '{name}' rejected the credentials (HTTP {status}){suffix}. Check the API key in the provider's environment variable.", status, exception),
            _ when IsContentPolicy(exchange.ErrorBody) => new ProviderRequestRejectedException(name, model, ProviderFailureKind.ContentPolicy,
                $"Provider '{name}' (model '{model}') refused the content under its usage policy (HTTP {status}){suffix}", status, exception),
            _ => new ProviderRequestRejectedException(name, model, ProviderFailureKind.BadRequest,
                $"Provider '{name}' (model '{model}') rejected the request (HTTP {status}){suffix}", status, exception),
        };
    }

    private static bool IsContentPolicy(string? body) =>
        body is not null && (body.Contains("content_policy", StringComparison.OrdinalIgnoreCase)
            || body.Contains("content_filter", StringComparison.OrdinalIgnoreCase)
            || body.Contains("safety", StringComparison.OrdinalIgnoreCase));

    private static string ExtractMessage(string? body, ProviderDescriptor provider)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return Sanitize(error.GetString() ?? string.Empty, provider);
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message))
                {
                    return Sanitize(message.GetString() ?? string.Empty, provider);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw, bounded text.
        }

        return Sanitize(body.Trim(), provider);
    }

    [GeneratedRegex(@"(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.=]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
