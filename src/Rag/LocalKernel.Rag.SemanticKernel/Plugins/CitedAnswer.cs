namespace LocalKernel.Rag.SemanticKernel;

/// <summary>An answer from the documents and the passages it cites.</summary>
/// <param name="Text">The answer, citing sources as [n].</param>
/// <param name="Grounded">False when the documents held nothing relevant (the text then says so).</param>
/// <param name="Sources">The cited passages, numbered as in the text.</param>
public sealed record CitedAnswer(string Text, bool Grounded, IReadOnlyList<CitedPassage> Sources);
