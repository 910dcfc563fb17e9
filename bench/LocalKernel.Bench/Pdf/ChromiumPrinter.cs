using System.Diagnostics;

namespace LocalKernel.Bench;

/// <summary>Prints an HTML file to PDF with headless Chromium (no header or footer), as the scripts check and the made
/// corpus both need.</summary>
internal static class ChromiumPrinter
{
    /// <summary>The first Chromium on PATH, or null.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Whether <paramref name="chromium"/> printed <paramref name="html"/> to a non-empty <paramref name="pdf"/>
    /// within two minutes.</summary>
    public static bool Print(string chromium, string html, string pdf)
    {
        File.Delete(pdf);
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--allow-file-access-from-files", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        _ = (stderr.Result, stdout.Result);
        return File.Exists(pdf) && new FileInfo(pdf).Length > 0;
    }
}
