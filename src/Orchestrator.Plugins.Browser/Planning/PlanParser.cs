using System.Text.Json;
using Orchestrator.Judging;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>Validates a model's plan: JSON shape, known action types, required fields, targets the snapshot offered.</summary>
internal static class PlanParser
{
    private const int MaxActionsPerStep = 10;

    public static PlanStep Parse(string reply, IReadOnlySet<string> knownTargets, JsonElement? schema)
    {
        var json = ExtractJson(reply) ?? throw new PlanRejectedException("the reply holds no JSON object");
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PlanRejectedException($"the reply is not valid JSON ({ex.Message})");
        }

        var done = root.TryGetProperty("done", out var d) && d.ValueKind == JsonValueKind.True;
        var injection = root.TryGetProperty("injection", out var inj) && inj.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(inj.GetString()) ? inj.GetString() : null;
        if (done)
        {
            if (!root.TryGetProperty("answer", out var answer) || answer.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                throw new PlanRejectedException("\"done\" is true but there is no \"answer\"");
            }

            if (schema is { } s && SchemaCheck.Validate(answer, s, "answer") is { } problem)
            {
                throw new PlanRejectedException($"the answer does not match the schema: {problem}");
            }

            return new PlanStep([], true, answer, injection);
        }

        if (!root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            throw new PlanRejectedException("give a non-empty \"actions\" array, or \"done\": true with an \"answer\"");
        }

        if (actions.GetArrayLength() > MaxActionsPerStep)
        {
            throw new PlanRejectedException($"at most {MaxActionsPerStep} actions per step");
        }

        return new PlanStep([.. actions.EnumerateArray().Select((a, i) => ParseAction(a, i, knownTargets))], false, null, injection);
    }

    private static BrowserAction ParseAction(JsonElement a, int index, IReadOnlySet<string> knownTargets)
    {
        string? Field(string name) => a.ValueKind == JsonValueKind.Object && a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var type = Field("type");
        var target = Field("target");
        string Require(string? value, string name) => string.IsNullOrWhiteSpace(value)
            ? throw new PlanRejectedException($"action {index + 1} ({type}) needs \"{name}\"")
            : value;
        string Known(string? value) => knownTargets.Contains(Require(value, "target"))
            ? value!
            : throw new PlanRejectedException($"action {index + 1} targets \"{value}\", which is not a reference from the page snapshot");
        return type switch
        {
            "navigate" => new BrowserAction(type, Require(Field("url"), "url"), null, null),
            "click" => new BrowserAction(type, null, Known(target), null),
            "fill" => new BrowserAction(type, null, Known(target), Field("value") ?? throw new PlanRejectedException($"action {index + 1} (fill) needs \"value\"")),
            "wait" => new BrowserAction(type, null, Require(target, "target"), null),
            _ => throw new PlanRejectedException($"action {index + 1} has unknown type \"{type}\"; use navigate, click, fill or wait"),
        };
    }

    private static string? ExtractJson(string reply) => JsonText.ExtractObject(reply);
}
