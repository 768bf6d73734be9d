using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Plugins.Browser;

/// <summary>Settings of the browser tool, bound from <c>Orchestrator:Browser</c>.</summary>
public sealed class BrowserOptions
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string SectionName = "Orchestrator:Browser";

    /// <summary>Gets or sets the engine: <c>chromium</c> (default), <c>firefox</c> or <c>webkit</c> where installed.</summary>
    public string Engine { get; set; } = "chromium";

    /// <summary>Gets or sets the browser executable. Playwright's own browser download is never used.</summary>
    public string? ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Gets or sets a value indicating whether the browser runs without a window (default true).</summary>
    public bool Headless { get; set; } = true;

    /// <summary>
    /// Gets or sets an optional proxy every request goes through, such as <c>socks5://127.0.0.1:9050</c>. With a proxy the
    /// proxy resolves and connects, so connections are no longer pinned to the addresses the SSRF guard checked.
    /// </summary>
    public string? ProxyServer { get; set; }

    /// <summary>Gets or sets extra command-line switches passed to the browser.</summary>
    public List<string> ExtraArguments { get; set; } = [];

    /// <summary>Gets or sets the only hosts that may be visited (<c>example.com</c> also allows its subdomains). Empty allows every public host.</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Gets or sets hosts that are never visited (<c>example.com</c> also denies its subdomains).</summary>
    public List<string> DeniedDomains { get; set; } = [];

    /// <summary>
    /// Gets or sets <c>host:port</c> entries exempt from the internal-address check (loopback, private, link-local).
    /// Only the exact host as written in the URL and the exact port match. Cloud-metadata addresses are never exempt.
    /// </summary>
    public List<string> AllowedPrivateEndpoints { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether known third-party tracker and ad hosts are blocked (default true).</summary>
    public bool BlockTrackers { get; set; } = true;

    /// <summary>Gets or sets extra tracker hosts blocked in addition to the built-in list.</summary>
    public List<string> ExtraTrackerDomains { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether WebRTC is removed from pages (default true), so no local or public IP leaks through ICE.</summary>
    public bool DisableWebRtc { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether downloads are accepted (default false: attachments are refused).</summary>
    public bool AllowDownloads { get; set; }

    /// <summary>Gets or sets the most top-level page loads per task.</summary>
    [Range(1, 1000)]
    public int MaxPagesPerTask { get; set; } = 20;

    /// <summary>Gets or sets the most response bytes per task (by declared or received length).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytesPerTask { get; set; } = 20 * 1024 * 1024;

    /// <summary>Gets or sets the longest a task may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxTaskDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the time limit of one browser action (navigation, click, wait).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the most characters of page text handed to a model per step.</summary>
    [Range(500, 1_000_000)]
    public int MaxPageTextChars { get; set; } = 12_000;

    /// <summary>Gets or sets the most planning rounds (each a model call) per task.</summary>
    [Range(1, 100)]
    public int MaxPlanningRounds { get; set; } = 8;

    /// <summary>Gets or sets how many invalid plans in a row are re-asked before the task fails.</summary>
    [Range(0, 10)]
    public int MaxInvalidPlans { get; set; } = 2;
}
