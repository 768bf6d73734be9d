using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Orchestrator.Tools;

namespace Orchestrator.Kernel.Tests.Tools;

public sealed class ToolRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kernel_plugin_functions_are_discovered_with_schema_and_called_through_the_kernel_filters()
    {
        var kernel = new Microsoft.SemanticKernel.Kernel();
        var filter = new CountingFilter();
        kernel.FunctionInvocationFilters.Add(filter);
        var plugin = kernel.Plugins.AddFromObject(new WeatherPlugin(), "weather");
        var registry = new ToolRegistry();

        var added = registry.RegisterPlugin(kernel, plugin, ToolRegistration.ReadOnly, new Dictionary<string, ToolRegistration>
        {
            ["set_alarm"] = new() { Risk = ToolRiskLevel.Writes, RequiresApproval = true, CostHintUsd = 0.01m },
        });

        Assert.Equal(["weather_forecast", "weather_set_alarm"], added.Select(t => t.Name).Order(StringComparer.Ordinal));
        var forecast = registry.Get("weather_forecast")!;
        Assert.Equal(ToolSource.KernelFunction, forecast.Source);
        Assert.Equal("weather", forecast.SourceName);
        Assert.Equal(ToolRiskLevel.ReadOnly, forecast.Risk);
        Assert.False(forecast.RequiresApproval);
        Assert.Equal("Gets the forecast for a city.", forecast.Description);
        Assert.True(forecast.JsonSchema.GetProperty("properties").TryGetProperty("city", out _));
        var alarm = registry.Get("weather_set_alarm")!;
        Assert.True(alarm.RequiresApproval);
        Assert.Equal(0.01m, alarm.CostHintUsd);

        var catalog = new WorkbenchCatalog(registry, [new WorkbenchDefinition("w", ["weather_*"])]);
        var tool = (AIFunction)catalog.GetTools("w", "agent").Single(t => t.Name == "weather_forecast");
        var result = await tool.InvokeAsync(new AIFunctionArguments { ["city"] = "Oslo" }, Ct);

        Assert.Equal("Oslo: rain", result?.ToString());
        Assert.Equal(1, filter.Calls);
    }

    [Fact]
    public void Host_functions_default_to_the_safe_side_and_search_ranks_name_matches_first()
    {
        var registry = new ToolRegistry();
        registry.Register(AIFunctionFactory.Create((string to) => "sent", "send_mail", "Sends an email message."));
        registry.Register(AIFunctionFactory.Create((string q) => "hits", "search_docs", "Searches the documents; can also find mail archives."), ToolRegistration.ReadOnly);

        var mail = registry.Get("send_mail")!;
        Assert.Equal(ToolSource.Host, mail.Source);
        Assert.Equal(ToolRiskLevel.ExternalSideEffects, mail.Risk);
        Assert.True(mail.RequiresApproval);
        Assert.Equal(["send_mail", "search_docs"], registry.Search("mail").Select(t => t.Name));
        Assert.Equal(["search_docs"], registry.Search("documents").Select(t => t.Name));
        Assert.Empty(registry.Search("weather"));
    }

    [Fact]
    public void Bad_names_and_duplicates_are_refused_with_the_reason()
    {
        var registry = new ToolRegistry();
        registry.Register(AIFunctionFactory.Create(() => 1, "dup"));

        var dup = Assert.Throws<InvalidOperationException>(() => registry.Register(AIFunctionFactory.Create(() => 2, "dup")));
        Assert.Contains("already registered", dup.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => registry.Register(AIFunctionFactory.Create(() => 2, "has space")));
        Assert.Contains("not a valid tool name", bad.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => registry.Register(AIFunctionFactory.Create(() => 2, "neg"), new ToolRegistration { CostHintUsd = -1 }));
    }

    private sealed class WeatherPlugin
    {
        [KernelFunction("forecast"), Description("Gets the forecast for a city.")]
        public static string Forecast([Description("The city.")] string city) => $"{city}: rain";

        [KernelFunction("set_alarm"), Description("Sets a weather alarm.")]
        public static string SetAlarm([Description("The city.")] string city) => $"alarm for {city}";
    }

    private sealed class CountingFilter : IFunctionInvocationFilter
    {
        public int Calls { get; private set; }

        public async Task OnFunctionInvocationAsync(Microsoft.SemanticKernel.FunctionInvocationContext context, Func<Microsoft.SemanticKernel.FunctionInvocationContext, Task> next)
        {
            Calls++;
            await next(context);
        }
    }
}
