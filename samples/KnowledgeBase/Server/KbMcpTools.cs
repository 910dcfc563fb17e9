using System.ComponentModel;
using System.Globalization;
using System.Text;
using LocalKernel.Rag;
using LocalKernel.Samples.KnowledgeBase.Rendering;
using ModelContextProtocol.Server;

namespace LocalKernel.Samples.KnowledgeBase.Server;

/// <summary>
/// The read-only MCP tools of the knowledge base, served by <c>kb mcp</c> (stdio) and at <c>/mcp</c> by <c>kb serve</c>.
/// They return plain text an assistant can quote: passages and answers with where they come from.
/// </summary>
[McpServerToolType]
internal sealed class KbMcpTools(KbService kb)
{
    [McpServerTool(Name = "kb_search", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Searches the local knowledge base and returns the best matching passages, each with its file, page or lines and headings.")]
    public async Task<string> SearchAsync(
        [Description("What to look for.")] string query,
        [Description("How many passages (1-20).")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        var passages = await kb.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = Math.Clamp(top, 1, 20) }, cancellationToken);
        if (passages.Count == 0)
        {
            return "No passage matches.";
        }

        var text = new StringBuilder();
        for (int i = 0; i < passages.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {SourceFormatter.Where(passages[i])} (score {passages[i].Score:0.0000})\n{passages[i].Text.Trim()}\n\n");
        }

        return text.ToString().TrimEnd();
    }

    [McpServerTool(Name = "kb_ask", ReadOnly = true, OpenWorld = false)]
    [Description("Answers a question from the local knowledge base, citing its sources as [n]; the sources follow the answer.")]
    public async Task<string> AskAsync([Description("The question.")] string question, CancellationToken cancellationToken = default)
    {
        var answer = await kb.Answerer.AskAsync(question, KbService.AnswerOptions(AskEndpoints.DefaultTop), cancellationToken);
        using var text = new StringWriter();
        text.WriteLine(answer.Text);
        SourceFormatter.WriteCitations(text, answer);
        return text.ToString().TrimEnd();
    }

    [McpServerTool(Name = "kb_list_documents", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists the documents in the local knowledge base: id, title and number of chunks.")]
    public async Task<string> ListDocumentsAsync(CancellationToken cancellationToken = default)
    {
        var documents = await kb.Session.Store.ListDocumentsAsync(cancellationToken);
        if (documents.Count == 0)
        {
            return "The knowledge base holds no documents.";
        }

        return string.Join('\n', documents.Select(d => $"{d.Id}\t{d.Title ?? Path.GetFileName(d.SourcePath)}\t{d.ChunkCount} chunks"));
    }
}
