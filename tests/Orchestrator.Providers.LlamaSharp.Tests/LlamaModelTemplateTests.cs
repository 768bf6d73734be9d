using System.Text;
using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Orchestrator.Providers.LlamaSharp.Tests;

/// <summary>A model whose GGUF carries a chat template llama.cpp knows is prompted through that template.</summary>
public sealed class LlamaModelTemplateTests(Stories260K model) : IClassFixture<Stories260K>, IDisposable
{
    // llama.cpp recognizes ChatML by its <|im_start|> marker and applies its built-in ChatML formatting.
    private const string ChatMlTemplate = "{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endfor %}";
    private const string ChatMlPrompt = "<|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nOnce upon a time<|im_end|>\n<|im_start|>assistant\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("orch-llamasharp-template-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_models_chat_template_formats_the_conversation()
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(TemplatedCopy()));

        var prompt = LlamaPrompt.Create(weights, Conversation, out var reason);

        Assert.Null(reason);
        Assert.True(prompt.UsesModelTemplate);
        Assert.Equal(ChatMlPrompt, prompt.Text);
        Assert.Empty(prompt.ImplicitStopSequences);
    }

    [Fact]
    public async Task Usage_counts_the_template_formatted_prompt_with_the_models_tokenizer()
    {
        var path = TemplatedCopy();
        using var provider = new LlamaSharpChatProviderFactory(NullLoggerFactory.Instance, TimeProvider.System).Create(Stories260K.Descriptor(path));
        using var vocabulary = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true });
        var expected = vocabulary.Tokenize(ChatMlPrompt, add_bos: true, special: true, Encoding.UTF8).Length;

        var response = await provider.CreateChatClient(Stories260K.ModelId).GetResponseAsync(Conversation, new ChatOptions { Temperature = 0, MaxOutputTokens = 5 }, Cancel);

        Assert.Equal(expected, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ChatMessage[] Conversation => [new(ChatRole.System, "Be kind."), new(ChatRole.User, "Once upon a time")];

    private string TemplatedCopy() =>
        GgufChatTemplateCopy.Write(model.RequirePath(), Path.Combine(_folder, "stories260K-chatml.gguf"), ChatMlTemplate);
}
