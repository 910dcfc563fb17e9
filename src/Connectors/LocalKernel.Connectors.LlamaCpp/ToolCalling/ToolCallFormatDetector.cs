namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Picks the <see cref="ToolCallFormat"/> of a model from its chat template (<c>tokenizer.chat_template</c>), by the
/// markers the template writes when it renders tool calls. Thread-safe (stateless).
/// </summary>
public static class ToolCallFormatDetector
{
    /// <summary>The format the template's markers point to; <see cref="ToolCallFormat.Generic"/> when none is recognised
    /// (or there is no template).</summary>
    public static ToolCallFormat Detect(string? chatTemplate)
    {
        if (string.IsNullOrEmpty(chatTemplate))
        {
            return ToolCallFormat.Generic;
        }

        bool Has(string marker) => chatTemplate.Contains(marker, StringComparison.Ordinal);

        // Most specific markers first: several families share Llama 3's header tokens or ChatML.
        if (Has(">>>all") || (Has(">>>") && Has("recipient")))
        {
            return ToolCallFormat.FunctionaryV32;
        }

        if (Has("<function=") && Has("<|python_tag|>"))
        {
            return ToolCallFormat.FunctionaryV31;
        }

        if (Has(DeepSeekSyntax.CallsBegin) || Has("tool▁calls▁begin"))
        {
            // R1 and V3 templates write the call type ("function") before the separator, V3.1 the name.
            return Has("tool['type'] + '<｜tool▁sep｜>'") || Has("'function<｜tool▁sep｜>'") || Has("```json")
                ? ToolCallFormat.DeepSeekR1
                : ToolCallFormat.DeepSeekV31;
        }

        if (Has("[TOOL_CALLS]"))
        {
            return Has("[ARGS]") ? ToolCallFormat.MistralV11 : ToolCallFormat.Mistral;
        }

        if (Has("<|START_ACTION|>"))
        {
            return ToolCallFormat.CommandR7B;
        }

        if (Has("Action:") && Has("tool_name") && (Has("```json") || Has("<|CHATBOT_TOKEN|>")))
        {
            return ToolCallFormat.CommandR;
        }

        if (Has("<tool_call>"))
        {
            return ToolCallFormat.Hermes;
        }

        if (Has("functools") || Has("<|/tool|>"))
        {
            // Phi-4-mini declares its tools between <|tool|> and <|/tool|> and answers with functools[...].
            return ToolCallFormat.Phi4Mini;
        }

        if (Has("<|tool_call|>"))
        {
            return Has("<|/tool_call|>") ? ToolCallFormat.Phi4Mini : ToolCallFormat.Granite;
        }

        if (Has("<|python_tag|>") || (Has("<|start_header_id|>") && Has("\"parameters\"")))
        {
            return ToolCallFormat.Llama3;
        }

        return ToolCallFormat.Generic;
    }
}
