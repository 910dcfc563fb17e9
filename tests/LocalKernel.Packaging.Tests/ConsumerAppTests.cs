using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalKernel.Packaging.Tests;

/// <summary>
/// A brand-new console application in a temporary folder outside the repository references only the packed
/// packages (no project references, no npm, no build targets of ours), chats and embeds with the real test model,
/// as a framework-dependent build and as a self-contained linux-x64 publish.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class ConsumerAppTests(PackageFeedFixture feed)
{
    [Fact]
    public void A_new_app_built_from_the_packages_chats_and_embeds()
    {
        var app = CreateConsumer("framework-dependent");
        DotnetCli.Dotnet(app, Environment(), "build", "-c", "Release", "-nologo");

        var output = DotnetCli.Dotnet(app, Environment(), "run", "-c", "Release", "--no-build", "--", TestPaths.Stories260K);

        AssertRan(output, Path.Combine("runtimes", "linux-x64", "native", "localkernel-cpu"));
    }

    [Fact]
    public void A_self_contained_publish_runs_on_its_own()
    {
        var app = CreateConsumer("self-contained");
        var published = Path.Combine(app, "published");
        DotnetCli.Dotnet(app, Environment(), "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", published, "-nologo");

        var output = DotnetCli.Run(Path.Combine(published, "Consumer"), published, null, TestPaths.Stories260K);

        AssertRan(output, published); // the SDK flattens the package's native folder into the published application
    }

    private static void AssertRan(string output, string expectedBackendDirectory)
    {
        Assert.Matches(new Regex("^backend: .*" + Regex.Escape(expectedBackendDirectory) + "$", RegexOptions.Multiline), output);
        var chat = ChatLine().Match(output);
        Assert.True(chat.Success, output);
        Assert.False(string.IsNullOrWhiteSpace(chat.Groups[1].Value), output); // stories260K continues a story in English
        var tokens = OutputTokensLine().Match(output);
        Assert.True(tokens.Success && int.Parse(tokens.Groups[1].Value, CultureInfo.InvariantCulture) is > 0 and <= 16, output);
        var embeddings = EmbeddingsLine().Match(output);
        Assert.True(embeddings.Success, output);
        Assert.Equal("2", embeddings.Groups[1].Value);
        Assert.Equal("64", embeddings.Groups[2].Value); // stories260K's embedding width
        Assert.Equal("1.000", embeddings.Groups[3].Value); // L2-normalised
    }

    private string CreateConsumer(string name)
    {
        var app = Path.Combine(feed.Root, name, "Consumer");
        Directory.CreateDirectory(app);
        var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("$VERSION$", PackageFeedFixture.Version, StringComparison.Ordinal));
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="localkernel-test-feed" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        return app;
    }

    // A package cache of its own: a LocalKernel package of the same version left in the user's cache by an
    // earlier run must not stand in for the one packed now.
    private Dictionary<string, string> Environment() => new() { ["NUGET_PACKAGES"] = Path.Combine(feed.Root, "nuget-packages") };

    [GeneratedRegex("^chat: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ChatLine();

    [GeneratedRegex(@"^output tokens: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex OutputTokensLine();

    [GeneratedRegex(@"^embeddings: (\d+) x (\d+), norm ([\d.]+)$", RegexOptions.Multiline)]
    private static partial Regex EmbeddingsLine();
}
