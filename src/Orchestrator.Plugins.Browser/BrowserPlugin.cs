using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Orchestrator.Plugins.Browser.Planning;

namespace Orchestrator.Plugins.Browser;

/// <summary>
/// Semantic Kernel functions over the guarded browser. Each call is one task in a fresh ephemeral context; the result
/// (answer, judge score, injection reports, refused requests) is returned as JSON.
/// </summary>
public sealed class BrowserPlugin
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BrowserTaskRunner _runner;

    /// <summary>Initializes a new instance of the <see cref="BrowserPlugin"/> class.</summary>
    /// <param name="runner">Runs the tasks.</param>
    public BrowserPlugin(BrowserTaskRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>Accomplishes a task on the web.</summary>
    /// <param name="task">The task.</param>
    /// <param name="startUrl">Where to start, if known.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns>The result as JSON.</returns>
    [KernelFunction("browse"), Description("Uses a web browser to accomplish a task, such as finding information on a site or filling a form. Returns JSON with the answer and a quality score.")]
    public async Task<string> BrowseAsync(
        [Description("What to accomplish, in plain language.")] string task,
        [Description("An absolute http(s) URL to start from, if known.")] string? startUrl = null,
        CancellationToken cancellationToken = default)
    {
        var result = await _runner.RunAsync(task, startUrl, null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(result, Json);
    }

    /// <summary>Extracts structured data from a page.</summary>
    /// <param name="url">The page.</param>
    /// <param name="schema">The JSON Schema of the data.</param>
    /// <param name="instructions">What to extract, in plain language.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns>The result as JSON; its answer matches the schema.</returns>
    [KernelFunction("extract"), Description("Extracts structured data from a web page as JSON matching a JSON Schema.")]
    public async Task<string> ExtractAsync(
        [Description("The absolute http(s) URL of the page.")] string url,
        [Description("A JSON Schema the extracted data must match.")] string schema,
        [Description("What to extract, in plain language.")] string? instructions = null,
        CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(schema);
        var task = $"Extract from the page the data described by the schema. {instructions}".Trim();
        var result = await _runner.RunAsync(task, url, document.RootElement.Clone(), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(result, Json);
    }

    /// <summary>Summarizes a page.</summary>
    /// <param name="url">The page.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <returns>The result as JSON; its answer is the summary.</returns>
    [KernelFunction("summarize"), Description("Summarizes the content of a web page in a few sentences.")]
    public async Task<string> SummarizeAsync(
        [Description("The absolute http(s) URL of the page.")] string url,
        CancellationToken cancellationToken = default)
    {
        var result = await _runner.RunAsync("Summarize the main content of this page in at most five sentences.", url, null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(result, Json);
    }
}
