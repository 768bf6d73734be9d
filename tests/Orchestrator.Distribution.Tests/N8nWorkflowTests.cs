using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Distribution.Tests.Infrastructure;

namespace Orchestrator.Distribution.Tests;

/// <summary>The n8n example workflow parses, is wired together, and points at what the compose file serves.</summary>
public sealed partial class N8nWorkflowTests
{
    private static readonly string WorkflowPath = Repo.Path("deploy", "n8n", "orchestrator-agent.workflow.json");

    [Fact]
    public void The_workflow_parses_and_every_connection_joins_existing_nodes()
    {
        using var workflow = JsonDocument.Parse(File.ReadAllText(WorkflowPath));
        var nodes = workflow.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("type").GetString()!);
        Assert.Equal(workflow.RootElement.GetProperty("nodes").GetArrayLength(), nodes.Count);   // unique names
        foreach (var source in workflow.RootElement.GetProperty("connections").EnumerateObject())
        {
            Assert.True(nodes.ContainsKey(source.Name), $"connection from unknown node {source.Name}");
            foreach (var kind in source.Value.EnumerateObject())
            {
                foreach (var target in kind.Value.EnumerateArray().SelectMany(a => a.EnumerateArray()))
                {
                    Assert.True(nodes.ContainsKey(target.GetProperty("node").GetString()!), $"connection to unknown node {target.GetProperty("node")}");
                    Assert.Equal(kind.Name, target.GetProperty("type").GetString());
                }
            }
        }

        // The model feeds the agent as its language model, each MCP tool as a tool.
        var connections = workflow.RootElement.GetProperty("connections");
        foreach (var (name, type) in nodes)
        {
            var expected = type switch
            {
                "@n8n/n8n-nodes-langchain.lmChatOpenAi" => "ai_languageModel",
                "@n8n/n8n-nodes-langchain.mcpClientTool" => "ai_tool",
                _ => null,
            };
            if (expected is not null)
            {
                Assert.True(connections.GetProperty(name).TryGetProperty(expected, out _), $"{name} is not connected as {expected}.");
            }
        }
    }

    [Fact]
    public void The_model_and_MCP_nodes_point_at_the_gateway_and_servers_the_compose_file_publishes_and_hold_no_secret()
    {
        var text = File.ReadAllText(WorkflowPath);
        using var workflow = JsonDocument.Parse(text);
        var compose = File.ReadAllText(Repo.Path("deploy", "docker-compose.yml"));
        var published = PublishedPort().Matches(compose).Select(m => m.Groups[1].Value).ToHashSet();
        var mcpPorts = McpPort().Matches(compose).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, mcpPorts.Count);

        var nodes = workflow.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        var model = Assert.Single(nodes, n => n.GetProperty("type").GetString() == "@n8n/n8n-nodes-langchain.lmChatOpenAi");
        var baseUrl = new Uri(model.GetProperty("parameters").GetProperty("options").GetProperty("baseURL").GetString()!);
        Assert.Equal(("127.0.0.1", "/v1"), (baseUrl.Host, baseUrl.AbsolutePath));
        Assert.Contains(baseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), published);
        Assert.Contains($"http://0.0.0.0:{baseUrl.Port}", File.ReadAllText(Repo.Path("deploy", "orchestrator.Dockerfile")), StringComparison.Ordinal);

        var endpoints = nodes.Where(n => n.GetProperty("type").GetString() == "@n8n/n8n-nodes-langchain.mcpClientTool")
            .Select(n => new Uri(n.GetProperty("parameters").GetProperty("endpointUrl").GetString()!)).ToList();
        Assert.Equal(mcpPorts.Order(), endpoints.Select(e => e.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.All(endpoints, e => Assert.Equal(("127.0.0.1", "/mcp"), (e.Host, e.AbsolutePath)));

        Assert.DoesNotMatch(SecretLike(), text);
        Assert.Contains("deploy/n8n/orchestrator-agent.workflow.json", File.ReadAllText(Repo.Path("docs", "n8n.md")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"""127\.0\.0\.1:(\d+):\d+""")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"""--transport"", ""http"", ""--port"", ""(\d+)""")]
    private static partial Regex McpPort();

    [GeneratedRegex(@"sk-[A-Za-z0-9]{8,}|Bearer [A-Za-z0-9+/=]{8,}|""(apiKey|token|password)""\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();
}
