namespace LocalKernel.Rag;

/// <summary>A source an answer cites as <c>[Number]</c>.</summary>
/// <param name="Number">The number the answer uses for it.</param>
/// <param name="Passage">The retrieved passage.</param>
/// <param name="Snippet">A short excerpt of the passage, the part closest to the question.</param>
public sealed record Citation(int Number, RetrievedPassage Passage, string Snippet)
{
    /// <summary>The cited document's id.</summary>
    public string DocumentId => Passage.DocumentId;

    /// <summary>The cited document's source path.</summary>
    public string SourcePath => Passage.SourcePath;

    /// <summary>Page or line span ("page 3", "lines 10–24"), or empty.</summary>
    public string Location => Passage.Location;

    /// <summary>The passage's retrieval score.</summary>
    public double Score => Passage.Score;
}
