using System.CommandLine;
using LocalKernel.Rag;

namespace LocalKernel.Samples.KnowledgeBase.Rendering;

/// <summary><c>--json</c>: one JSON object on stdout instead of text, in the documented shapes (see the README).</summary>
internal static class JsonOutput
{
    public static Option<bool> Create() => new("--json") { Description = "Print one JSON object on stdout (stable names; see the README) instead of text." };

    public static void Write<T>(T value) => Console.Out.WriteLine(RagJson.Serialize(value));
}
