using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Reranking;

/// <summary>Checks the rerank options and that the parts the chosen tier needs are registered, at start rather than at the first query.</summary>
internal sealed class RerankOptionsValidator(IServiceProviderIsKeyedService services) : IValidateOptions<RerankOptions>
{
    public ValidateOptionsResult Validate(string? name, RerankOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Tier))
        {
            failures.Add($"{RerankOptions.SectionName}:Tier '{options.Tier}' is not one of Fast, Balanced, Accurate.");
        }

        if (options.Alpha is < 0 or > 1 || double.IsNaN(options.Alpha))
        {
            failures.Add($"{RerankOptions.SectionName}:Alpha is {options.Alpha}; it must be between 0 and 1.");
        }

        if (options.CandidateDepth < 1)
        {
            failures.Add($"{RerankOptions.SectionName}:CandidateDepth is {options.CandidateDepth}; it must be at least 1.");
        }

        var needsCrossEncoder = options.Tier is RerankTier.Balanced or RerankTier.Accurate || (options.Tier == RerankTier.Fast && options.FastUsesCrossEncoder);
        if (needsCrossEncoder && !services.IsKeyedService(typeof(IReranker), RerankerKeys.CrossEncoder))
        {
            failures.Add(RerankerTiers.MissingCrossEncoderMessage(options.Tier));
        }

        if (options.Tier == RerankTier.Accurate && !services.IsService(typeof(IChatClient)))
        {
            failures.Add(RerankerTiers.MissingChatModelMessage);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
