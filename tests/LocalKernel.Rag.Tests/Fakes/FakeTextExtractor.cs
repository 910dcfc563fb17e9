using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// A test extractor for .txt files: paragraphs separated by blank lines, "# " lines are headings (for
/// breadcrumbs), line numbers kept. A file whose first line is "%FAIL" is reported as malformed.
/// </summary>
internal sealed class FakeTextExtractor : IDocumentExtractor
{
    public static FakeTextExtractor Instance { get; } = new();

    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/plain"];

    public static IDocumentExtractor? ForPath(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? Instance : null;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionOptions options, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length > 0 && lines[0].StartsWith("%FAIL", StringComparison.Ordinal))
        {
            throw new DocumentExtractionException(ExtractionFailure.Malformed, "The test file asks to fail.");
        }

        var blocks = new List<DocumentBlock>();
        var headings = new List<string>();
        string? title = null;
        var paragraph = new List<string>();
        int start = 0;
        for (int i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : string.Empty;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush(i);
                var heading = line[2..].Trim();
                title ??= heading;
                blocks.Add(new DocumentBlock(BlockKind.Heading, heading, [], 1, null, i + 1, i + 1));
                headings = [heading];
                continue;
            }

            if (line.Trim().Length == 0)
            {
                Flush(i);
                continue;
            }

            if (paragraph.Count == 0)
            {
                start = i + 1;
            }

            paragraph.Add(line.Trim());
        }

        return new ExtractedDocument("text/plain", title, blocks);

        void Flush(int end)
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new DocumentBlock(BlockKind.Paragraph, string.Join(' ', paragraph), headings.ToArray(), null, null, start, end));
                paragraph.Clear();
            }
        }
    }
}
