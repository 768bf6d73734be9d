using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Gateway;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the OpenAI-compatible gateway.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>, <c>POST /v1/embeddings</c> (virtual-key
    /// authentication, per-key rate limits, OpenAI error format) and the key admin endpoints <c>POST/GET /admin/keys</c>,
    /// <c>DELETE /admin/keys/{id}</c> (admin token). Call <c>AddOrchestratorGateway()</c> on the services first. The
    /// endpoints stay out of the Budget API's OpenAPI document: their contract is OpenAI's.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The application, for chaining.</returns>
    public static IEndpointRouteBuilder MapOrchestratorGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handlers = endpoints.ServiceProvider.GetRequiredService<GatewayHandlers>();
        var admin = endpoints.ServiceProvider.GetRequiredService<GatewayAdminHandlers>();
        endpoints.MapPost("/v1/chat/completions", handlers.Guard(handlers.ChatCompletionsAsync)).WithName("ChatCompletions").ExcludeFromDescription();
        endpoints.MapGet("/v1/models", handlers.Guard(handlers.ModelsAsync)).WithName("Models").ExcludeFromDescription();
        endpoints.MapPost("/v1/embeddings", handlers.Guard(handlers.EmbeddingsAsync)).WithName("Embeddings").ExcludeFromDescription();
        endpoints.MapPost("/admin/keys", handlers.Guard(admin.CreateAsync)).WithName("CreateKey").ExcludeFromDescription();
        endpoints.MapGet("/admin/keys", handlers.Guard(admin.ListAsync)).WithName("ListKeys").ExcludeFromDescription();
        endpoints.MapDelete("/admin/keys/{id}", handlers.Guard(admin.RevokeAsync)).WithName("RevokeKey").ExcludeFromDescription();
        return endpoints;
    }
}
