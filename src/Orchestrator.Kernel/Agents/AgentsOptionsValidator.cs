using Microsoft.Extensions.Options;

namespace Orchestrator.Agents;

/// <summary>Refuses agent settings that cannot work, naming the setting.</summary>
internal sealed class AgentsOptionsValidator : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultMaxTurns < 1)
        {
            failures.Add($"{AgentsOptions.SectionName}:DefaultMaxTurns must be at least 1 (was {options.DefaultMaxTurns}).");
        }

        if (options.MaxRevisions < 0)
        {
            failures.Add($"{AgentsOptions.SectionName}:MaxRevisions must not be negative (was {options.MaxRevisions}).");
        }

        if (options.CheckpointDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            failures.Add($"{AgentsOptions.SectionName}:CheckpointDirectory must be a directory path or left unset (in memory).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
