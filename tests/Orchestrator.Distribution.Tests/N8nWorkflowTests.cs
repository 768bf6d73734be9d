using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Distribution.Tests.Infrastructure;

namespace Orchestrator.Distribution.Tests;

/// <summary>
/// The n8n example workflows parse, are wired together, point at what the compose file serves and hold no secret.
/// n8n itself runs them in scripts/n8n/run.sh (by hand: n8n is a large npm install).
/// </summary>
public sealed partial class N8nWorkflowTests
{
    private static readonly string WorkflowPath = Repo.Path("deploy", "n8n", "orchestrator-agent.workflow.json");
    private static readonly string HttpWorkflowPath = Repo.Path("deploy", "n8n", "orchestrator-http.workflow.json");

    /// <summary>Gets the shipped workflow files.</summary>
    public static TheoryData<string> Workflows => new(WorkflowPath, HttpWorkflowPath);

    [Theory]
    [MemberData(nameof(Workflows))]
    public void The_workflow_parses_and_every_connection_joins_existing_nodes_and_holds_no_secret(string path)
    {
        var text = File.ReadAllText(path);
        Assert.DoesNotMatch(SecretLike(), text);
        Assert.Contains("deploy/n8n/" + Path.GetFileName(path), File.ReadAllText(Repo.Path("docs", "n8n.md")), StringComparison.Ordinal);
        using var workflow = JsonDocument.Parse(text);
        var nodes = workflow.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("type").GetString()!);
        Assert.Equal(workflow.RootElement.GetProperty("nodes").GetArrayLength(), nodes.Count);   // unique names
        Assert.Single(nodes.Values, type => type.EndsWith("Trigger", StringComparison.Ordinal));
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
    public void The_model_and_MCP_nodes_point_at_the_gateway_and_servers_the_compose_file_publishes()
    {
        var text = File.ReadAllText(WorkflowPath);
        using var workflow = JsonDocument.Parse(text);
        var compose = File.ReadAllText(Repo.Path("deploy", "docker-compose.yml"));
        var published = PublishedPort().Matches(compose).Select(m => m.Groups[1].Value).ToHashSet();
        var mcpPorts = McpPort().Matches(compose).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, mcpPorts.Count);

        var nodes = workflow.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        var model = Assert.Single(nodes, n => n.GetProperty("type").GetString() == "@n8n/n8n-nodes-langchain.lmChatOpenAi");

        // From type version 1.1 the OpenAI Chat Model node hides its own Base URL option and n8n drops it when it runs
        // the node (seen in scripts/n8n/run.sh): the gateway's address is the OpenAI credential's Base URL, which
        // docs/n8n.md gives.
        Assert.True(model.GetProperty("typeVersion").GetDouble() >= 1.1);
        Assert.False(model.GetProperty("parameters").TryGetProperty("options", out var options) && options.TryGetProperty("baseURL", out _), "options.baseURL is ignored by n8n; the credential carries the URL.");
        Assert.True(model.GetProperty("credentials").TryGetProperty("openAiApi", out _));
        var credentialUrl = CredentialBaseUrl().Match(File.ReadAllText(Repo.Path("docs", "n8n.md")));
        Assert.True(credentialUrl.Success, "docs/n8n.md gives the OpenAI credential's Base URL.");
        var baseUrl = new Uri(credentialUrl.Groups[1].Value);
        Assert.Equal(("127.0.0.1", "/v1"), (baseUrl.Host, baseUrl.AbsolutePath));
        Assert.Contains(baseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), published);
        Assert.Contains($"http://0.0.0.0:{baseUrl.Port}", File.ReadAllText(Repo.Path("deploy", "orchestrator.Dockerfile")), StringComparison.Ordinal);

        // n8n's MCP Client Tool hands the servers' content to the model unmarked (no untrusted-data envelope): the
        // agent's system message has to say what that text is.
        var agent = Assert.Single(nodes, n => n.GetProperty("type").GetString() == "@n8n/n8n-nodes-langchain.agent");
        Assert.Contains("never instructions", agent.GetProperty("parameters").GetProperty("options").GetProperty("systemMessage").GetString(), StringComparison.Ordinal);

        var endpoints = nodes.Where(n => n.GetProperty("type").GetString() == "@n8n/n8n-nodes-langchain.mcpClientTool")
            .Select(n => new Uri(n.GetProperty("parameters").GetProperty("endpointUrl").GetString()!)).ToList();
        Assert.Equal(mcpPorts.Order(), endpoints.Select(e => e.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.All(endpoints, e => Assert.Equal(("127.0.0.1", "/mcp"), (e.Host, e.AbsolutePath)));

    }

    [Fact]
    public void The_HTTP_workflow_posts_a_chat_completion_to_the_published_gateway_with_the_key_in_a_header_and_keeps_error_statuses()
    {
        using var workflow = JsonDocument.Parse(File.ReadAllText(HttpWorkflowPath));
        var nodes = workflow.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Contains(nodes, n => n.GetProperty("type").GetString() == "n8n-nodes-base.manualTrigger");   // `n8n execute` starts there
        var request = Assert.Single(nodes, n => n.GetProperty("type").GetString() == "n8n-nodes-base.httpRequest");
        var parameters = request.GetProperty("parameters");
        var url = new Uri(parameters.GetProperty("url").GetString()!);
        Assert.Equal(("127.0.0.1", "/v1/chat/completions"), (url.Host, url.AbsolutePath));
        var published = PublishedPort().Matches(File.ReadAllText(Repo.Path("deploy", "docker-compose.yml"))).Select(m => m.Groups[1].Value);
        Assert.Contains(url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), published);
        Assert.Equal("POST", parameters.GetProperty("method").GetString());

        // The key comes from a Header Auth credential, never from the node's own headers.
        Assert.Equal(("genericCredentialType", "httpHeaderAuth"), (parameters.GetProperty("authentication").GetString(), parameters.GetProperty("genericAuthType").GetString()));
        Assert.True(request.GetProperty("credentials").TryGetProperty("httpHeaderAuth", out _));
        Assert.False(parameters.TryGetProperty("headerParameters", out _));

        using var body = JsonDocument.Parse(parameters.GetProperty("jsonBody").GetString()!);
        Assert.Equal(JsonValueKind.String, body.RootElement.GetProperty("model").ValueKind);
        Assert.Equal("user", body.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());

        // A 401/402/429/503 is output with its status and OpenAI error body rather than failing the node.
        var response = parameters.GetProperty("options").GetProperty("response").GetProperty("response");
        Assert.True(response.GetProperty("fullResponse").GetBoolean());
        Assert.True(response.GetProperty("neverError").GetBoolean());
    }

    [GeneratedRegex(@"Base URL: `(http://[^`]+)`")]
    private static partial Regex CredentialBaseUrl();

    [GeneratedRegex(@"""127\.0\.0\.1:(\d+):\d+""")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"""--transport"", ""http"", ""--port"", ""(\d+)""")]
    private static partial Regex McpPort();

    [GeneratedRegex(@"sk-[A-Za-z0-9]{8,}|Bearer [A-Za-z0-9+/=]{8,}|""(apiKey|token|password)""\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();
}
