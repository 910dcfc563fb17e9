using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Rendering;

/// <summary>Plain-text lines for retrieved passages and citations: readable in a terminal and in a log alike.</summary>
internal static class SourceFormatter
{
    /// <summary>The path as stored: absolute for files (kb ingests by full path), so it reads the same from any folder
    /// (paths relative to the current folder looked broken when kb ran elsewhere).</summary>
    public static string DisplayPath(string path) => path;

    /// <summary>"page 3 › Install" — where in its document a passage is.</summary>
    public static string Section(RetrievedPassage passage)
    {
        var parts = new[] { passage.Location, passage.Breadcrumb }.Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? $"chunk {passage.ChunkIndex + 1}" : string.Join(" › ", parts);
    }

    /// <summary>"path, page 3 › Install › GPU" — where a passage is, for people.</summary>
    public static string Where(RetrievedPassage passage)
    {
        var where = DisplayPath(passage.SourcePath);
        if (passage.Location.Length > 0)
        {
            where += ", " + passage.Location;
        }

        return passage.Breadcrumb.Length > 0 ? $"{where} › {passage.Breadcrumb}" : where;
    }

    /// <summary>The text on one line, cut to <paramref name="length"/> characters.</summary>
    public static string OneLine(string text, int length)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }

    public static void WriteCitations(TextWriter output, Answer answer)
    {
        if (answer.Citations.Count == 0)
        {
            // A model that cites nothing still answered from these; the user should be able to check them.
            if (answer.Sources.Count > 0)
            {
                output.WriteLine();
                output.WriteLine("Sources given to the model (the answer cites none of them):");
                for (int i = 0; i < answer.Sources.Count; i++)
                {
                    output.WriteLine($"  [{i + 1}] {Where(answer.Sources[i])}");
                }
            }

            return;
        }

        output.WriteLine();
        output.WriteLine("Sources:");
        foreach (var citation in answer.Citations)
        {
            output.WriteLine($"  [{citation.Number}] {Where(citation.Passage)}");
            output.WriteLine($"      \"{OneLine(citation.Snippet, 240)}\"");
        }
    }
}
