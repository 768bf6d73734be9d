using Orchestrator.Rag.Loaders;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Orchestrator.Rag.Tests;

public sealed class LoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-loaders-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Html_loader_keeps_the_main_text_and_drops_navigation_scripts_and_footers()
    {
        var path = Path.Combine(_dir, "page.html");
        await File.WriteAllTextAsync(path, """
            <!DOCTYPE html><html><head><title>Annual Message 1862</title>
            <meta name="description" content="Lincoln's second annual message"><style>p{color:red}</style></head>
            <body><header><a href="/">Home</a> | <a href="/about">About us</a></header>
            <nav><ul><li>Archive</li><li>Search the site</li></ul></nav>
            <main><h1>Annual Message to Congress</h1>
            <p>Fellow-citizens, we cannot escape history.</p><p>We shall nobly save, or meanly lose, the last best hope of earth.</p></main>
            <aside>Related: other speeches</aside><footer>Copyright 2024 Example Archive</footer>
            <script>trackVisitor();</script></body></html>
            """, TestContext.Current.CancellationToken);

        var content = await new HtmlLoader().LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("Annual Message 1862", content.Title);
        Assert.Contains("we cannot escape history.", content.Text, StringComparison.Ordinal);
        Assert.Contains("last best hope of earth.", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("About us", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Search the site", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("trackVisitor", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("color:red", content.Text, StringComparison.Ordinal);
        Assert.Equal("Lincoln's second annual message", content.Metadata["description"]);
    }

    [Fact]
    public async Task Pdf_loader_reads_the_text_of_every_page_and_the_document_title()
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Message on the Economy";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("The state of the Union is strong.", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Tariffs were reduced in 1913.", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        var path = Path.Combine(_dir, "message.pdf");
        await File.WriteAllBytesAsync(path, builder.Build(), TestContext.Current.CancellationToken);

        var content = await new PdfLoader().LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("Message on the Economy", content.Title);
        Assert.Contains("The state of the Union is strong.", content.Text, StringComparison.Ordinal);
        Assert.Contains("Tariffs were reduced in 1913.", content.Text, StringComparison.Ordinal);
        Assert.Equal("2", content.Metadata["pages"]);
    }

    [Fact]
    public async Task Markdown_loader_strips_markup_and_reads_front_matter()
    {
        var path = Path.Combine(_dir, "notes.md");
        await File.WriteAllTextAsync(path, "---\ntitle: Budget notes\ntags: [fiscal, 1962]\n---\n# Heading\n\nThe **budget** is [balanced](http://example.org).\n\n- one item\n", TestContext.Current.CancellationToken);

        var content = await new MarkdownLoader().LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("Budget notes", content.Title);
        Assert.Equal("fiscal,1962", content.Metadata["tags"]);
        Assert.Contains("The budget is balanced.", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://example.org", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_reader_gives_stable_relative_ids_and_source_metadata()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "sub", "a.txt"), "Short title\n\nBody text.", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "ignored.bin"), "x", TestContext.Current.CancellationToken);

        var docs = new List<Orchestrator.Retrieval.SourceDocument>();
        await foreach (var d in new DocumentReader().ReadAsync(_dir, new Dictionary<string, string> { ["collection"] = "test" }, TestContext.Current.CancellationToken))
        {
            docs.Add(d);
        }

        var doc = Assert.Single(docs);
        Assert.Equal("sub/a.txt", doc.Id);
        Assert.Equal("Short title", doc.Title);
        Assert.Equal("sub/a.txt", doc.Metadata["source"]);
        Assert.Equal("test", doc.Metadata["collection"]);
    }
}
