using Microsoft.Extensions.Options;

namespace Orchestrator.Plugins.Observability;

/// <summary>Checks the LLMOps log settings at start, naming each bad setting and its fix.</summary>
internal sealed class LlmOpsLogOptionsValidator : IValidateOptions<LlmOpsLogOptions>
{
    public const string Path = "Orchestrator:LlmOps";

    public ValidateOptionsResult Validate(string? name, LlmOpsLogOptions options)
    {
        var failures = options.Writer.Validate(Path + ":Writer").ToList();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Path}:ConnectionString is empty; give an Npgsql connection string (Host=...;Database=...) or a SQLite file path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
