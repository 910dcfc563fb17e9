using System.Text.RegularExpressions;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>The outcome of one <c>kb</c> run.</summary>
internal sealed partial record KbRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The count in a row of the ingest summary table ("added", "updated", ...).</summary>
    public int Files(string outcome)
    {
        var match = Regex.Match(Stdout, $@"│\s*{outcome}\s*│\s*(\d+)\s*│");
        Assert.True(match.Success, $"No '{outcome}' row in the ingest summary:\n{this}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
