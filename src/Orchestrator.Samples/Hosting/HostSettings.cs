using System.ComponentModel;
using Spectre.Console.Cli;

namespace Orchestrator.Samples.Hosting;

/// <summary>Options every command accepts. Flags override environment variables, which override appsettings.json.</summary>
internal class HostSettings : CommandSettings
{
    [CommandOption("--config <FILE>")]
    [Description("An extra JSON settings file, applied over appsettings.json (and under environment variables).")]
    public string? ConfigFile { get; init; }

    [CommandOption("--private")]
    [Description("Privacy mode: only local models may be called (same as Orchestrator__PrivacyMode=true).")]
    public bool Private { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Log Orchestrator's own diagnostics to stderr.")]
    public bool Verbose { get; init; }
}
