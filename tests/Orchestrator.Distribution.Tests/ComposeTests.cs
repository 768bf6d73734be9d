using System.Text.RegularExpressions;
using Orchestrator.Distribution.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Orchestrator.Distribution.Tests;

/// <summary>
/// What can be checked of deploy/ without a Docker engine: the compose file parses (anchors merged) and every file,
/// path, port, volume, secret and variable it names exists and agrees with the rest of the repository.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly string Deploy = Repo.Path("deploy");
    private static readonly Dictionary<object, object> Compose = Load(Path.Combine(Deploy, "docker-compose.yml"));
    private static readonly Dictionary<object, object> Services = Map(Compose["services"]);

    public static TheoryData<string> OwnServices => ["orchestrator", "migrate", "mcp-filesystem", "mcp-git", "mcp-memory"];

    [Fact]
    public void The_specification_services_are_all_there()
    {
        string[] required = ["orchestrator", "ollama", "postgres", "redis", "qdrant", "mcp-filesystem", "mcp-git", "mcp-memory", "prometheus", "grafana"];
        Assert.Empty(required.Except(Services.Keys.Cast<string>()));
        foreach (var (name, service) in Services.Select(p => ((string)p.Key, Map(p.Value))))
        {
            Assert.True(service.ContainsKey("image") || service.ContainsKey("build"), $"{name} has neither image nor build.");
            foreach (var dependency in DependsOn(service))
            {
                Assert.True(Services.ContainsKey(dependency), $"{name} depends on unknown service {dependency}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OwnServices))]
    public void Our_images_build_from_existing_files_run_as_non_root_on_a_read_only_file_system(string name)
    {
        var service = Map(Services[name]);
        var build = Map(service["build"]);
        var context = Path.GetFullPath(Path.Combine(Deploy, (string)build["context"]));
        var dockerfile = Path.Combine(context, (string)build["dockerfile"]);
        Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist.");
        var text = File.ReadAllText(dockerfile);
        var finalStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var user = UserLine().Match(finalStage);
        Assert.True(user.Success && user.Groups[1].Value is not ("root" or "0"), $"{name}: the final stage of {dockerfile} must switch to a non-root USER.");
        foreach (Match publish in PublishedProject().Matches(text))
        {
            Assert.True(File.Exists(Path.Combine(context, publish.Groups[1].Value)), $"{name}: {publish.Groups[1].Value} does not exist.");
        }

        Assert.Equal("true", service["read_only"].ToString(), ignoreCase: true);
        Assert.Contains("ALL", ((List<object>)service["cap_drop"]).Cast<string>());
        foreach (var (key, value) in Environment(service))
        {
            var secretName = key.EndsWith("KEY", StringComparison.OrdinalIgnoreCase) || key.EndsWith("PASSWORD", StringComparison.OrdinalIgnoreCase) || key.EndsWith("TOKEN", StringComparison.OrdinalIgnoreCase);
            Assert.False(secretName && !value.Contains("${", StringComparison.Ordinal), $"{name}: {key} must come from the environment, not the file.");
            Assert.DoesNotContain("Password=", value.Replace("Password=${", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_mounted_path_named_volume_secret_and_variable_exists()
    {
        var declaredVolumes = Map(Compose["volumes"]).Keys.Cast<string>().ToHashSet();
        var example = File.ReadAllLines(Path.Combine(Deploy, ".env.example")).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToHashSet();
        foreach (var (name, service) in Services.Select(p => ((string)p.Key, Map(p.Value))))
        {
            foreach (var volume in service.TryGetValue("volumes", out var v) ? ((List<object>)v).Cast<string>() : [])
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    var path = Path.GetFullPath(Path.Combine(Deploy, source));
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"{name}: bind mount {source} ({path}) does not exist.");
                }
                else
                {
                    Assert.True(declaredVolumes.Contains(source), $"{name}: volume {source} is not declared.");
                }
            }
        }

        foreach (Match variable in Variable().Matches(File.ReadAllText(Path.Combine(Deploy, "docker-compose.yml"))))
        {
            Assert.True(example.Contains(variable.Groups[1].Value), $"${{{variable.Groups[1].Value}}} is not in deploy/.env.example.");
        }

        foreach (var (secret, definition) in Map(Compose["secrets"]).Select(p => ((string)p.Key, Map(p.Value))))
        {
            var file = (string)definition["file"];
            Assert.StartsWith("./secrets/", file, StringComparison.Ordinal);
            Assert.True(GitIgnores(Path.Combine("deploy", file[2..])), $"secret {secret} ({file}) must be git-ignored.");
        }

        Assert.True(GitIgnores("deploy/.env"), "deploy/.env must be git-ignored.");
    }

    [Fact]
    public void Ports_targets_and_Grafana_provisioning_agree()
    {
        var host = Map(Services["orchestrator"]);
        var published = ((List<object>)host["ports"]).Cast<string>().Select(p => int.Parse(p.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.All(Services.Values.Select(Map).SelectMany(s => s.TryGetValue("ports", out var p) ? ((List<object>)p).Cast<string>() : []), p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));

        // The host listens where the Dockerfile says, Prometheus scrapes it there, and it is published.
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "orchestrator.Dockerfile"));
        var listen = int.Parse(ListenPort().Match(dockerfile).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(listen, published);
        var prometheus = Load(Path.Combine(Deploy, "prometheus", "prometheus.yml"));
        var target = (string)((List<object>)Map(((List<object>)Map(((List<object>)prometheus["scrape_configs"])[0])["static_configs"])[0])["targets"])[0];
        Assert.Equal($"orchestrator:{listen}", target);

        // Each MCP server listens on loopback inside the host's network namespace, on a port the host publishes.
        foreach (var name in new[] { "mcp-filesystem", "mcp-git", "mcp-memory" })
        {
            var service = Map(Services[name]);
            Assert.Equal("service:orchestrator", service["network_mode"]);
            var command = ((List<object>)service["command"]).Cast<string>().ToList();
            Assert.Equal("http", command[command.IndexOf("--transport") + 1]);
            Assert.Contains(int.Parse(command[command.IndexOf("--port") + 1], System.Globalization.CultureInfo.InvariantCulture), published);
        }

        // Grafana gets every variable its provisioned data sources use, and the dashboard folder it loads holds the dashboard.
        var grafana = Map(Services["grafana"]);
        var environment = Environment(grafana).Select(e => e.Key).ToHashSet();
        foreach (Match variable in Variable().Matches(File.ReadAllText(Repo.Path("grafana", "provisioning", "datasources", "llmops.yml"))))
        {
            Assert.Contains(variable.Groups[1].Value, environment);
        }

        Assert.True(File.Exists(Repo.Path("grafana", "dashboards", "llmops-dashboard.json")));
        Assert.Contains("../grafana/dashboards:/var/lib/grafana/dashboards:ro", ((List<object>)grafana["volumes"]).Cast<string>());
    }

    private static Dictionary<object, object> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Map(object value) => (Dictionary<object, object>)value;

    private static IEnumerable<string> DependsOn(Dictionary<object, object> service) =>
        !service.TryGetValue("depends_on", out var d) ? [] : d is List<object> list ? list.Cast<string>() : Map(d).Keys.Cast<string>();

    private static IEnumerable<KeyValuePair<string, string>> Environment(Dictionary<object, object> service) =>
        service.TryGetValue("environment", out var e) ? Map(e).Select(p => new KeyValuePair<string, string>((string)p.Key, p.Value?.ToString() ?? string.Empty)) : [];

    private static bool GitIgnores(string relativePath)
    {
        var (code, _) = ProcessRunner.RunAsync("git", ["check-ignore", "-q", relativePath], Repo.Root).GetAwaiter().GetResult();
        return code == 0;
    }

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"http://0\.0\.0\.0:(\d+)")]
    private static partial Regex ListenPort();
}
