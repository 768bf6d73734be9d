using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Rag.Evaluation;

/// <summary>Loads SQuAD v1.1 as a retrieval collection: paragraphs are documents, questions are queries, the one relevant document is the question's paragraph.</summary>
public static class SquadLoader
{
    /// <summary>Loads every <c>*.json</c> SQuAD file in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The dataset.</returns>
    public static EvalDataset Load(string directory)
    {
        var docs = new List<EvalDocument>();
        var queries = new List<EvalQuery>();
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var articleIndex = 0;
            foreach (var article in json.RootElement.GetProperty("data").EnumerateArray())
            {
                var title = article.GetProperty("title").GetString()?.Replace('_', ' ') ?? string.Empty;
                var paragraphIndex = 0;
                foreach (var paragraph in article.GetProperty("paragraphs").EnumerateArray())
                {
                    var docId = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(file)}:{articleIndex}:{paragraphIndex}");
                    docs.Add(new EvalDocument(docId, title, paragraph.GetProperty("context").GetString() ?? string.Empty));
                    foreach (var qa in paragraph.GetProperty("qas").EnumerateArray())
                    {
                        var id = qa.GetProperty("id").GetString()!;
                        queries.Add(new EvalQuery(id, qa.GetProperty("question").GetString() ?? string.Empty));
                        qrels[id] = new Dictionary<string, int>(StringComparer.Ordinal) { [docId] = 1 };
                    }

                    paragraphIndex++;
                }

                articleIndex++;
            }
        }

        return new EvalDataset("squad", docs, queries, qrels);
    }
}
