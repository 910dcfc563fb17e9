using System.Diagnostics;

namespace LocalKernel.Rag.Code.Tests;

/// <summary>Every way out of the root, through every tool that takes a path: all refused, nothing outside ever read.</summary>
public sealed class PathEscapeTests : IDisposable
{
    private readonly FixtureRepository _repo = new();
    private readonly CodeIndex _index;
    private readonly RepositoryTools _tools;

    public PathEscapeTests()
    {
        _index = CodeIndex.Open(_repo.Root, Path.Combine(_repo.Parent, "index.db"));
        _tools = new RepositoryTools(_index, new RepositoryToolOptions { MaxFileBytes = 64 * 1024 });
        File.WriteAllText(Path.Combine(_repo.Root, "huge.txt"), new string('x', 200 * 1024));
        using var mkfifo = Process.Start("mkfifo", Path.Combine(_repo.Root, "pipe.txt"));
        mkfifo.WaitForExit();
    }

    public void Dispose()
    {
        _index.Dispose();
        _repo.Dispose();
    }

    public static TheoryData<string> Escapes() =>
    [
        "..", "../secret.txt", "../../etc/passwd", "src/../../secret.txt", "src/../../repo/../secret.txt", "./../secret.txt",
        "..\\secret.txt", "/etc/passwd", "/etc", "/", "//etc/passwd", "~/.bashrc", "~", "escape.txt", "outside", "outside/secret.txt",
        "outside/repo/src/Loading/ModelLoader.cs", "src/\0/x", "/dev/zero", "/dev/null", "/proc/self/environ", ".git/config", ".git",
        "pipe.txt", "huge.txt", "assets/logo.cs", "does-not-exist.cs", "",
    ];

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Read_file_refuses(string path)
    {
        var result = _tools.ReadFile(path);

        Assert.StartsWith("error:", result, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", result, StringComparison.Ordinal);
        Assert.DoesNotContain("should-never-be-read", result, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void List_directory_refuses_everything_outside_or_not_a_folder(string path)
    {
        var result = _tools.ListDirectory(path);

        // The empty path means the root; everything else in the list is outside, a link, or not a folder.
        if (path.Length == 0)
        {
            Assert.StartsWith("./", result, StringComparison.Ordinal);
            Assert.Contains("escape.txt -> (symbolic link, not followed)", result, StringComparison.Ordinal);
            return;
        }

        Assert.StartsWith("error:", result, StringComparison.Ordinal);
        Assert.DoesNotContain("index.db", result, StringComparison.Ordinal); // what a listing of the parent would show
        Assert.DoesNotContain("bytes)", result, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Grep_never_reads_outside(string path)
    {
        var result = _tools.Grep("SECRET|token|x{100}", path);

        Assert.DoesNotContain("TOP-SECRET", result, StringComparison.Ordinal);
        Assert.DoesNotContain("should-never-be-read", result, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxx", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_inside_the_root_works_with_line_numbers_and_is_capped()
    {
        var result = _tools.ReadFile("src/Validation/ModelFileValidator.cs", 12, 13);
        Assert.Equal("src/Validation/ModelFileValidator.cs:12-13\n12|     public static void ValidateHeader(Stream stream)\n13|     {\n", result);
        Assert.Contains("src/../src/Loading/ModelLoader.cs", _tools.ReadFile("src/../src/Loading/ModelLoader.cs") is var r && r.StartsWith("src/Loading/ModelLoader.cs", StringComparison.Ordinal) ? "src/../src/Loading/ModelLoader.cs" : r, StringComparison.Ordinal);

        var tools = new RepositoryTools(_index, new RepositoryToolOptions { MaxOutputChars = 300 });
        var capped = tools.Grep("e");
        Assert.True(capped.Length < 420, capped);
        Assert.Contains("[output truncated", capped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_symbol_and_reference_tools_answer_from_the_repository()
    {
        await _index.UpdateAsync();

        Assert.Contains("method Sample.Validation.ModelFileValidator.ValidateHeader  src/Validation/ModelFileValidator.cs:12-20", _tools.FindSymbol("ValidateHeader"), StringComparison.Ordinal);
        var references = _tools.FindReferences("ValidateHeader");
        Assert.Contains("src/Loading/ModelLoader.cs:8:", references, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelFileValidator.cs:12:", references, StringComparison.Ordinal); // the declaration is not a use
        Assert.Contains("src/Validation/ModelFileValidator.cs", await _tools.SearchCodeAsync("validate the GGUF header magic"), StringComparison.Ordinal);
        Assert.StartsWith("error:", _tools.Grep("("), StringComparison.Ordinal);
    }
}
