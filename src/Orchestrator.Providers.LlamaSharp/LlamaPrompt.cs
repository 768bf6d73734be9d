using System.Text;
using LLama;
using LLama.Transformers;
using Microsoft.Extensions.AI;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>
/// Turns chat messages into the prompt text a GGUF model reads. A model whose GGUF metadata carries a chat template
/// llama.cpp recognizes gets that template; any other model (e.g. a base model such as stories260K) gets
/// <see cref="Fallback"/>, documented in <c>docs/providers-llamasharp.md</c>.
/// </summary>
/// <param name="Text">The prompt text.</param>
/// <param name="UsesModelTemplate">Whether the model's own chat template produced the text (its special tokens are then parsed).</param>
/// <param name="ImplicitStopSequences">Stop sequences the template needs on top of the caller's.</param>
internal sealed record LlamaPrompt(string Text, bool UsesModelTemplate, IReadOnlyList<string> ImplicitStopSequences)
{
    private const string ChatTemplateKey = "tokenizer.chat_template";

    /// <summary>Formats <paramref name="messages"/> for the model.</summary>
    /// <param name="weights">The loaded model.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="fallbackReason">Why the fallback was used, or <see langword="null"/> when the model's template was.</param>
    /// <returns>The prompt.</returns>
    public static LlamaPrompt Create(LLamaWeights weights, IEnumerable<ChatMessage> messages, out string? fallbackReason)
    {
        if (!weights.Metadata.ContainsKey(ChatTemplateKey))
        {
            fallbackReason = $"no {ChatTemplateKey} in the GGUF metadata";
            return Fallback(messages);
        }

        try
        {
            var template = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
            foreach (var message in messages)
            {
                template.Add(message.Role.Value, message.Text);
            }

            fallbackReason = null;
            return new LlamaPrompt(PromptTemplateTransformer.ToModelPrompt(template), true, []);
        }
        catch (Exception ex) when (ex is LLama.Exceptions.MissingTemplateException or LLama.Exceptions.RuntimeError or InvalidOperationException or ArgumentException)
        {
            // llama.cpp applies only the templates it knows; a custom Jinja template is not one of them.
            fallbackReason = $"llama.cpp cannot apply its chat template: {ex.Message}";
            return Fallback(messages);
        }
    }

    /// <summary>
    /// The plain template: one <c>Role: text</c> line per message (System, User, Assistant, Tool), then <c>Assistant:</c>
    /// for the model to continue. Generation also stops at a new <c>User:</c> line, so a base model does not write the
    /// user's next turn.
    /// </summary>
    /// <param name="messages">The conversation.</param>
    /// <returns>The prompt.</returns>
    public static LlamaPrompt Fallback(IEnumerable<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append(RoleLabel(message.Role)).Append(": ").Append(message.Text.Trim()).Append('\n');
        }

        text.Append("Assistant:");
        return new LlamaPrompt(text.ToString(), false, ["\nUser:"]);
    }

    private static string RoleLabel(ChatRole role) =>
        role == ChatRole.System ? "System"
        : role == ChatRole.Assistant ? "Assistant"
        : role == ChatRole.Tool ? "Tool"
        : role == ChatRole.User ? "User"
        : role.Value;
}
