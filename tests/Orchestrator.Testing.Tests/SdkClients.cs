using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Testing.Tests;

/// <summary>The official SDK clients pointed at a wire server, with retries off so each fault is seen once.</summary>
internal static class SdkClients
{
    public const string OpenAIModel = "gpt-4o-mini";
    public const string AnthropicModel = "claude-sonnet-4-5";
    public const string OllamaModel = "llama3.2";

    public static ChatClient OpenAI(WireServer server, string model = OpenAIModel, TimeSpan? networkTimeout = null) =>
        new(model, new ApiKeyCredential("sk-test"), new OpenAIClientOptions
        {
            Endpoint = server.OpenAIEndpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
        });

    public static IChatClient OpenAIChat(WireServer server, string model = OpenAIModel) => OpenAI(server, model).AsIChatClient();

    public static AnthropicClient AnthropicRaw(WireServer server) => new()
    {
        ApiKey = "sk-ant-test",
        BaseUrl = server.AnthropicEndpoint.ToString().TrimEnd('/'),
        MaxRetries = 0,
    };

    public static IChatClient AnthropicChat(WireServer server, string model = AnthropicModel) =>
        AnthropicRaw(server).AsIChatClient(model, 1024);

    public static OllamaApiClient Ollama(WireServer server, string model = OllamaModel) => new(server.OllamaEndpoint, model);

    /// <summary>All three providers as <see cref="IChatClient"/>, for behaviour every protocol must share.</summary>
    public static IChatClient For(string provider, WireServer server) => provider switch
    {
        "openai" => OpenAIChat(server),
        "anthropic" => AnthropicChat(server),
        "ollama" => Ollama(server),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };

    public static TheoryData<string> Providers => new("openai", "anthropic", "ollama");
}
