using System.Numerics.Tensors;

namespace Orchestrator.Rag.Tests;

public sealed class MiniLmEmbeddingGeneratorTests : IClassFixture<MiniLmFixture>
{
    private readonly MiniLmFixture _fixture;

    public MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Embeddings_are_unit_length_384_dimensional_and_rank_a_paraphrase_above_an_unrelated_sentence()
    {
        var result = await _fixture.Generator.GenerateAsync(
            ["The president proposed lower taxes.", "Tax cuts were proposed by the president.", "Penguins live in Antarctica."],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(result, e => Assert.Equal(384, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 3));
        var paraphrase = TensorPrimitives.Dot(result[0].Vector.Span, result[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(result[0].Vector.Span, result[2].Vector.Span);
        Assert.True(paraphrase > 0.6 && unrelated < 0.3, $"paraphrase {paraphrase}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Batch_order_and_padding_do_not_change_an_embedding()
    {
        const string Short = "Short text.";
        var alone = await _fixture.Generator.GenerateAsync([Short], cancellationToken: TestContext.Current.CancellationToken);
        var long_ = string.Join(' ', Enumerable.Repeat("a much longer passage that forces padding", 20));
        var batched = await _fixture.Generator.GenerateAsync([long_, Short, "middle length sentence here"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, TensorPrimitives.Dot(alone[0].Vector.Span, batched[1].Vector.Span), 4);
    }

    [Fact]
    public void Tokenization_is_bert_uncased_accents_stripped_and_quotes_split()
    {
        var encoder = _fixture.Encoder;

        Assert.Equal(encoder.Encode("naive cafe"), encoder.Encode("Naïve Café"));
        var quoted = encoder.Encode("\u201Cquoted\u201D");
        Assert.Equal(5, quoted.Length); // [CLS] open-quote quoted close-quote [SEP]: the quotes are split off, not glued on
        Assert.Equal(encoder.Encode("quoted")[1], quoted[2]);
        Assert.Equal(encoder.Encode("ox Bo"), encoder.Encode("OX bo")); // short words are looked up, not mapped to [UNK]
        Assert.DoesNotContain(100, encoder.Encode("ox bo")); // 100 is [UNK] in the BERT uncased vocabulary
        var ids = encoder.Encode(string.Join(' ', Enumerable.Repeat("word", 1000)));
        Assert.Equal(256, ids.Length);
        Assert.Equal(encoder.ClassificationTokenId, ids[0]);
        Assert.Equal(encoder.SeparatorTokenId, ids[^1]);
    }
}
