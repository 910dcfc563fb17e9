namespace LocalKernel.Rag.SemanticKernel;

/// <summary>A passage of a document with where it comes from, as the model and the user see it.</summary>
/// <param name="Number">Its number among the results, from 1: the answer cites it as [n].</param>
/// <param name="Path">The document's file.</param>
/// <param name="Location">The page or lines ("page 3", "lines 10–24"), or empty.</param>
/// <param name="Heading">The headings above the passage ("Setup › GPU"), or empty.</param>
/// <param name="Text">The passage.</param>
/// <param name="Score">How well it matched (higher is better; comparable within one search only).</param>
public sealed record CitedPassage(int Number, string Path, string Location, string Heading, string Text, double Score)
{
    /// <summary>The citation as one line: path, location and heading.</summary>
    public string Citation => string.Join(", ", new[] { Path, Location, Heading }.Where(p => p.Length > 0));

    /// <summary>The passage found by the retriever, numbered.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="passage"/> is null.</exception>
    public static CitedPassage From(RetrievedPassage passage, int number)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return new CitedPassage(number, passage.SourcePath, passage.Location, passage.Breadcrumb, passage.Text, passage.Score);
    }
}
