using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalKernel.KnowledgeBase.Server.Tests;

/// <summary>
/// The page at <c>/</c> in headless Chromium (Debian's <c>chromium</c>, driven by Microsoft.Playwright: its own browser
/// download is impossible here). The server has no chat model, so answers are extractive and always cite: a question
/// typed and sent with the keyboard streams an answer whose citation opens the passage; an uploaded file shows its
/// progress, is listed, answers a question about it, and is removed again.
/// </summary>
public sealed class WebPageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kb-serve-page-" + Guid.NewGuid().ToString("N")[..8]);
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Debian's chromium; CHROMIUM_PATH overrides. Missing is a failure with the fix, never a skip.</summary>
    private static string ChromiumPath()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
            ?? throw new InvalidOperationException("Chromium is not installed: install Debian's 'chromium' (.ci/run does) or set CHROMIUM_PATH.");
    }

    public async Task InitializeAsync()
    {
        var docs = Path.Combine(_folder, "docs");
        Directory.CreateDirectory(docs);
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "samples", "KnowledgeBase", "sample-docs")))
        {
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
        }

        var store = Path.Combine(_folder, "kb.db");
        var ingest = await ServerProcess.RunAsync(_folder, "ingest", docs, "--store", store);
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        _server = await ServerProcess.StartAsync(_folder, null, "serve", "--port", "0", "--store", store);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath(), Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact(Timeout = 300_000)]
    public async Task Ask_with_the_keyboard_open_a_citation_upload_ask_about_it_and_remove_it()
    {
        var page = await _browser!.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(_server!.Url.ToString());
        await Expect(page.Locator("#mode")).ToContainTextAsync("No chat model");

        // Ask with the keyboard only: the labelled field, then Enter.
        var question = page.GetByLabel("Question");
        await question.FocusAsync();
        await page.Keyboard.TypeAsync("How do I turn on the CUDA backend?");
        await page.Keyboard.PressAsync("Enter");
        var citation = page.Locator("#answer a.citation").First;
        await Expect(citation).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#answer").TextContentAsync()));

        // The citation link opens its passage: file, location or heading, and the passage text.
        var number = (await citation.TextContentAsync())!.Trim('[', ']');
        await citation.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var source = page.Locator($"#source-{number}");
        await Expect(source).ToHaveAttributeAsync("open", "");
        await Expect(source.Locator("summary")).ToContainTextAsync("gpu-backends.docx");
        await Expect(source.Locator(".passage")).ToContainTextAsync("CUDA");

        // Upload a file, watch the ingestion finish, find it listed and answered.
        var file = Path.Combine(_folder, "zorblax.md");
        await File.WriteAllTextAsync(file, "# Zorblaxian networking\n\nThe Zorblaxian protocol needs port 7431 to be open on the firewall.\n");
        await page.GetByLabel("Add files").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.Locator("#upload-status")).ToContainTextAsync("zorblax.md added", new() { Timeout = 60_000 });
        await Expect(page.Locator("#documents")).ToContainTextAsync("zorblax.md");

        await question.FillAsync("Which port does the Zorblaxian protocol need?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.Locator("#answer")).ToContainTextAsync("7431", new() { Timeout = 60_000 });
        await Expect(page.Locator("#sources")).ToContainTextAsync("zorblax.md");

        // Remove it again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove zorblax.md" }).ClickAsync();
        await Expect(page.Locator("#upload-status")).ToContainTextAsync("Removed zorblax.md");
        await Expect(page.Locator("#documents")).Not.ToContainTextAsync("zorblax.md");
    }
}
