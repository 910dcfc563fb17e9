using System.Diagnostics;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Accented letters named by glyph ("eacute") are read the same in an app built with InvariantGlobalization,
/// which has no Unicode normalisation: the reader's tables are generated ahead of time, not computed at run time.</summary>
public class PdfInvariantGlobalizationTests
{
    [Fact(Timeout = 120_000)]
    public async Task Accented_glyph_names_read_the_same_in_an_invariant_globalization_process()
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve(), pages = pdf.Reserve(), page = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding /BaseEncoding /StandardEncoding "
            + "/Differences [200 /eacute /egrave /ccedilla /Scaron /alphatonos /Edotaccent /ncommaaccent] >> >>");
        int content = pdf.Add(TestPdfWriter.Stream(string.Empty, Encoding.Latin1.GetBytes("BT /F1 12 Tf 72 720 Td (caf\u00c8 cr\u00c9me gar\u00caon \u00cbkoda \u00cc \u00cdtre ma\u00ce) Tj ET")));
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>");
        var path = Path.Combine(Path.GetTempPath(), $"invariant-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf.ToArray());
        try
        {
            var inProcess = (await new PdfExtractor().ExtractAsync(File.OpenRead(path), ExtractionOptions.Default)).ToPlainText();
            var (invariantLine, child) = await RunProbeAsync(path);

            Assert.Equal("invariant=True", invariantLine);
            Assert.Equal("café crème garçon Škoda ά Ėtre maņ", inProcess);
            Assert.Equal(inProcess, child);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(string FirstLine, string Text)> RunProbeAsync(string pdf)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LocalKernel.Rag.InvariantProbe.dll"));
        start.ArgumentList.Add(pdf);
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 0, await stderr);
        var lines = output.TrimEnd('\n').Split('\n', 2);
        return (lines[0], lines.Length > 1 ? lines[1] : string.Empty);
    }
}
