// A fresh application that knows Orchestrator only through its packages: routes one chat call to the OpenAI-protocol
// endpoint given as the first argument, and serves the dashboard from the Hosting package's embedded assets.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Orchestrator;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Routing;

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Services.AddOrchestrator(o =>
{
    o.Routing.HealthChecks = false;
    o.Providers["wire"] = new ProviderOptions { Type = "openai", BaseUrl = args[0], ApiKey = "sk-consumer-0123456789", Models = ["consumer-model"] };
    o.Models.Add(new ModelDescriptor { Provider = "wire", Id = "consumer-model", Tier = 1, InputPricePerMillion = 1m, OutputPricePerMillion = 2m, ContextWindow = 8192, MaxOutputTokens = 256 });
}).AddStandardProviders();
builder.Services.AddOrchestratorDashboard(builder.Configuration);
await using var app = builder.Build();
app.MapOrchestratorDashboard();
await app.StartAsync();

var response = await app.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hello from a package");
Console.WriteLine($"reply: {response.Text}");
Console.WriteLine($"cost: {response.GetInvocationUsage()!.Cost}");
Console.WriteLine($"served by: {response.GetRoutingDecision()!.ServedBy!.Provider}/{response.GetRoutingDecision()!.ServedBy!.Model}");

using var http = new HttpClient();
var page = await http.GetStringAsync(new Uri(app.Urls.First() + "/dashboard/"));
Console.WriteLine($"dashboard: {page.Contains("<title>Orchestrator dashboard</title>", StringComparison.Ordinal)}");

// The packages with native or heavy dependencies load too.
Console.WriteLine($"loaded: {typeof(Orchestrator.Plugins.Browser.BrowserOptions).Assembly.GetName().Name}, {typeof(Orchestrator.Embeddings.MiniLM.MiniLmEmbeddingGenerator).Assembly.GetName().Name}, {typeof(LlamaSharpOrchestratorBuilderExtensions).Assembly.GetName().Name}");
