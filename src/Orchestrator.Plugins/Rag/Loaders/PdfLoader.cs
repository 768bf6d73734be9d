using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Orchestrator.Rag.Loaders;

/// <summary>Loads the text of a PDF with PdfPig, page by page in reading order; title and author from the document information.</summary>
public sealed class PdfLoader : IDocumentLoader
{
    /// <inheritdoc />
    public bool CanLoad(string extension) => extension == ".pdf";

    /// <inheritdoc />
    public Task<LoadedContent> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var pdf = PdfDocument.Open(path);
        var text = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Append(ContentOrderTextExtractor.GetText(page).Trim()).Append("\n\n");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pages"] = pdf.NumberOfPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (pdf.Information.Author is { Length: > 0 } author)
        {
            metadata["author"] = author;
        }

        var title = pdf.Information.Title is { Length: > 0 } t ? t : null;
        return Task.FromResult(new LoadedContent(text.ToString().Trim(), title, metadata));
    }
}
