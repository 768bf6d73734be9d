using System.ClientModel;
using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OpenAI;
using Orchestrator.Configuration;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Benchmarks.Providers;

/// <summary>
/// One chat completion against the wire-level test server (OpenAI protocol, loopback): the bare OpenAI SDK client,
/// the same call through Orchestrator's metered client, and through an SK kernel function with Orchestrator's filter.
/// The ratio to the baseline is Orchestrator's added cost per call.
/// </summary>
[MemoryDiagnoser]
public class ChatCallOverheadBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];
    private WireServer _server = null!;
    private IChatClient _bare = null!;
    private IChatClient _bareOverOurTransport = null!;
    private HttpClient _ourHttp = null!;
    private ServiceProvider _services = null!;
    private IChatClient _orchestrator = null!;
    private Microsoft.SemanticKernel.Kernel _kernel = null!;
    private KernelFunction _function = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await WireServer.StartAsync();
        _server.DefaultReply = ScriptedReply.Text("Paris is the capital of France.", inputTokens: 14, outputTokens: 7);
        _bare = new OpenAIClient(new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Endpoint = _server.OpenAIEndpoint, RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient("gpt-4o-mini").AsIChatClient();
        _ourHttp = global::Orchestrator.Http.ProviderHttp.CreateClient(null);
        _bareOverOurTransport = new OpenAIClient(new ApiKeyCredential("sk-bench"), new OpenAIClientOptions
        {
            Endpoint = _server.OpenAIEndpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            Transport = new HttpClientPipelineTransport(_ourHttp),
        }).GetChatClient("gpt-4o-mini").AsIChatClient();

        var services = new ServiceCollection();
        services.AddOrchestrator(options =>
        {
            options.Providers["openai"] = new ProviderOptions { Type = "openai", BaseUrl = _server.OpenAIEndpoint.ToString(), ApiKey = "sk-bench", Models = ["gpt-4o-mini"] };
        }).AddStandardProviders();
        _services = services.BuildServiceProvider();
        _orchestrator = _services.GetRequiredKeyedService<IChatClient>("openai/gpt-4o-mini");
        var chatService = _services.GetRequiredKeyedService<IChatCompletionService>("openai/gpt-4o-mini");
        _kernel = new Microsoft.SemanticKernel.Kernel(_services);
        _function = KernelFunctionFactory.CreateFromMethod(
            async (CancellationToken ct) => (await chatService.GetChatMessageContentAsync("What is the capital of France?", cancellationToken: ct)).Content,
            "Ask");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        _bare.Dispose();
        _bareOverOurTransport.Dispose();
        _ourHttp.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare OpenAI SDK IChatClient")]
    public async Task<string> BareSdk() => (await _bare.GetResponseAsync(Prompt)).Text;

    [Benchmark(Description = "bare SDK over Orchestrator's HttpClient (transport only)")]
    public async Task<string> BareSdkOverOurTransport() => (await _bareOverOurTransport.GetResponseAsync(Prompt)).Text;

    [Benchmark(Description = "Orchestrator metered IChatClient")]
    public async Task<string> Orchestrator() => (await _orchestrator.GetResponseAsync(Prompt)).Text;

    [Benchmark(Description = "SK kernel function + cost filter + keyed IChatCompletionService")]
    public async Task<object?> KernelFunction() => (await _kernel.InvokeAsync(_function)).GetValue<object>();
}
