namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Real-format outputs of each family, written from llama.cpp's tests/test-chat.cpp and the families' chat templates,
/// with what the parser must make of them: text pieces and calls (<c>call name {args} id</c>; the id only when the
/// model wrote one).
/// </summary>
public static class ToolCallSamples
{
    private const string Call = "call special_function {\"arg1\":1}";
    private const string CallOpt = "call special_function_with_opt {\"arg1\":1,\"arg2\":2}";
    private const string Hello = "Hello, world!\nWhat's up?";

    public static TheoryData<ToolCallFormat, string, string[]> Wellformed => new()
    {
        // Hermes 2 Pro / Hermes 3 / Qwen 2.5 / Qwen 3 / Granite 4
        { ToolCallFormat.Hermes, Hello, [Hello] },
        { ToolCallFormat.Hermes, "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n</tool_call>", [Call] },
        { ToolCallFormat.Hermes, Hello + "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}</tool_call>", [Hello, Call] },
        { ToolCallFormat.Hermes, "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n</tool_call>\n<tool_call>\n{\"name\": \"special_function_with_opt\", \"arguments\": {\"arg1\": 1, \"arg2\": 2}}\n</tool_call>", [Call, CallOpt] },
        { ToolCallFormat.Hermes, "<think>\nThe user wants it.\n</think>\n\n<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n</tool_call>", ["<think>\nThe user wants it.\n</think>\n\n", Call] },
        { ToolCallFormat.Hermes, "<tool_call>\n```json\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n```\n</tool_call>", [Call] },
        { ToolCallFormat.Hermes, "<tool_call>{\"name\": \"special_function\", \"arguments\": \"{\\\"arg1\\\": 1}\"}</tool_call>", [Call] },
        { ToolCallFormat.Hermes, "<tool_call>\n<function=get_weather>\n<parameter=city>\nParis, France\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>", ["call get_weather {\"city\":\"Paris, France\",\"days\":3}"] },
        { ToolCallFormat.Hermes, "if a < b and b <tool then <tool_call", ["if a < b and b <tool then <tool_call"] },
        { ToolCallFormat.Hermes, "<tool_call>{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}", [Call] },
        { ToolCallFormat.Hermes, "Sure.\n<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call>\nDone.", ["Sure.\n", "call f {}", "Done."] },

        // Llama 3.1 / 3.2 / 3.3
        { ToolCallFormat.Llama3, Hello, [Hello] },
        { ToolCallFormat.Llama3, "{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}", [Call] },
        { ToolCallFormat.Llama3, "\n  {\"type\": \"function\", \"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}", [Call] },
        { ToolCallFormat.Llama3, "{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}; {\"name\": \"special_function_with_opt\", \"parameters\": {\"arg1\": 1, \"arg2\": 2}}", [Call, CallOpt] },
        { ToolCallFormat.Llama3, "<|python_tag|>{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}", [Call] },
        { ToolCallFormat.Llama3, "<|python_tag|>brave_search.call(query=\"weather in Paris\", count=3, safe=True)", ["call brave_search {\"query\":\"weather in Paris\",\"count\":3,\"safe\":true}"] },
        { ToolCallFormat.Llama3, "<|python_tag|>print(\"hello\")\nprint(1 + 1)", ["call python {\"code\":\"print(\\u0022hello\\u0022)\\nprint(1 \\u002B 1)\"}"] },
        { ToolCallFormat.Llama3, "{\"answer\": 42}", ["{\"answer\": 42}"] },
        { ToolCallFormat.Llama3, "The set {1, 2} has two elements.", ["The set {1, 2} has two elements."] },

        // Mistral 7B v0.3 / Mixtral / Nemo, and tokenizer v11+ (Small 3.2, Devstral, Ministral 3)
        { ToolCallFormat.Mistral, Hello, [Hello] },
        { ToolCallFormat.Mistral, "[TOOL_CALLS][{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}, \"id\": \"123456789\"}]", [Call + " 123456789"] },
        { ToolCallFormat.Mistral, "[TOOL_CALLS] [{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}, {\"name\": \"special_function_with_opt\", \"arguments\": {\"arg1\": 1, \"arg2\": 2}}]", [Call, CallOpt] },
        { ToolCallFormat.MistralV11, "[TOOL_CALLS]special_function[ARGS]{\"arg1\": 1}", [Call] },
        { ToolCallFormat.MistralV11, Hello + "[TOOL_CALLS]special_function[ARGS]{\"arg1\": 1}", [Hello, Call] },
        { ToolCallFormat.MistralV11, "[TOOL_CALLS]special_function[CALL_ID]000000001[ARGS]{\"arg1\": 1}[TOOL_CALLS]special_function_with_opt[CALL_ID]000000002[ARGS]{\"arg1\": 1, \"arg2\": 2}", [Call + " 000000001", CallOpt + " 000000002"] },

        // Phi-4-mini and FireFunction v2
        { ToolCallFormat.Phi4Mini, " functools[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]", [" ", Call] },
        { ToolCallFormat.Phi4Mini, "functools[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}, {\"name\": \"special_function_with_opt\", \"arguments\": {\"arg1\": 1, \"arg2\": 2}}]", [Call, CallOpt] },
        { ToolCallFormat.Phi4Mini, "<|tool_call|>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]<|/tool_call|>", [Call] },
        { ToolCallFormat.Phi4Mini, "Use functools.partial for that.", ["Use functools.partial for that."] },

        // Granite 3.x
        { ToolCallFormat.Granite, "<|tool_call|>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]", [Call] },
        { ToolCallFormat.Granite, "Let me look.<|tool_call|>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}, {\"name\": \"special_function_with_opt\", \"arguments\": {\"arg1\": 1, \"arg2\": 2}}]", ["Let me look.", Call, CallOpt] },

        // DeepSeek R1 / V3, V3.1
        { ToolCallFormat.DeepSeekR1, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>special_function\n```json\n{\"arg1\": 1}```<｜tool▁call▁end｜><｜tool▁calls▁end｜>", [Call] },
        { ToolCallFormat.DeepSeekR1, "I'll call both.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>special_function\n```json\n{\"arg1\": 1}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>special_function_with_opt\n```json\n{\"arg1\": 1, \"arg2\": 2}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>", ["I'll call both.", Call, CallOpt] },
        { ToolCallFormat.DeepSeekV31, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>special_function<｜tool▁sep｜>{\"arg1\": 1}<｜tool▁call▁end｜><｜tool▁calls▁end｜>", [Call] },

        // Functionary v3.1 and v3.2
        { ToolCallFormat.FunctionaryV31, "<function=special_function>{\"arg1\": 1}</function>", [Call] },
        { ToolCallFormat.FunctionaryV31, "Checking.<function=special_function>{\"arg1\": 1}</function><function=special_function_with_opt>{\"arg1\": 1, \"arg2\": 2}</function>", ["Checking.", Call, CallOpt] },
        { ToolCallFormat.FunctionaryV31, "<|python_tag|>print('hi')", ["call python {\"code\":\"print(\\u0027hi\\u0027)\"}"] },
        { ToolCallFormat.FunctionaryV32, "all\n" + Hello, [Hello] },
        { ToolCallFormat.FunctionaryV32, "special_function\n{\"arg1\": 1}", [Call] },
        { ToolCallFormat.FunctionaryV32, "all\nLet me check.>>>special_function\n{\"arg1\": 1}>>>special_function_with_opt\n{\"arg1\": 1, \"arg2\": 2}", ["Let me check.", Call, CallOpt] },
        { ToolCallFormat.FunctionaryV32, "python\nprint(1)", ["call python {\"code\":\"print(1)\"}"] },
        { ToolCallFormat.FunctionaryV32, "Hello there", ["Hello there"] },

        // Command R+ and R7B
        { ToolCallFormat.CommandR, "Action:\n```json\n[{\"tool_name\": \"special_function\", \"parameters\": {\"arg1\": 1}}]\n```", [Call] },
        { ToolCallFormat.CommandR, "Action: take a walk.", ["Action: take a walk."] },
        { ToolCallFormat.CommandR7B, "<|START_RESPONSE|>" + Hello + "<|END_RESPONSE|>", [Hello] },
        { ToolCallFormat.CommandR7B, "<|START_THINKING|>I'm\nthinking<|END_THINKING|><|START_ACTION|>[\n    {\"tool_call_id\": \"0\", \"tool_name\": \"special_function\", \"parameters\": {\"arg1\": 1}}\n]<|END_ACTION|>", ["<|START_THINKING|>I'm\nthinking<|END_THINKING|>", Call + " 0"] },

        // Generic JSON
        { ToolCallFormat.Generic, Hello, [Hello] },
        { ToolCallFormat.Generic, "{\"tool_calls\": [{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]}", [Call] },
        { ToolCallFormat.Generic, "{\"tool_call\": {\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}, \"id\": \"abc\"}}", [Call + " abc"] },
        { ToolCallFormat.Generic, "```json\n{\"tool_calls\": [{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]}\n```", [Call] },
        { ToolCallFormat.Generic, "{\"response\": \"Hello, world!\\nWhat's up?\"}", [Hello] },
        { ToolCallFormat.Generic, "{\"a\": 1}", ["{\"a\": 1}"] },
    };

    /// <summary>Calls the model began and broke: each becomes text (all of the input) and a warning.</summary>
    public static TheoryData<ToolCallFormat, string, string> Malformed => new()
    {
        { ToolCallFormat.Hermes, "<tool_call>{\"name\": \"special_function\", \"argu", "truncated" },
        { ToolCallFormat.Hermes, "<tool_call>{\"name\": \"f\", \"arguments\": [1, 2]}</tool_call>", "JSON object" },
        { ToolCallFormat.Hermes, "<tool_call>{\"arguments\": {}}</tool_call>", "no name" },
        { ToolCallFormat.Hermes, "<tool_call>not json at all</tool_call>", "not a JSON object" },
        { ToolCallFormat.Hermes, "<tool_call>#!</tool_call>", "no JSON" },
        { ToolCallFormat.Hermes, "<tool_call>{\"name\": \"f\", \"arguments\": {\"a\": 1,}}</tool_call>", "not valid JSON" },
        { ToolCallFormat.Hermes, "<tool_call>\n<function=f>\n<parameter=a>\n1", "truncated" },
        { ToolCallFormat.Llama3, "{\"name\": \"special_function\", \"parameters\": {\"arg1\": ", "truncated" },
        { ToolCallFormat.Llama3, "<|python_tag|>", "nothing follows" },
        { ToolCallFormat.CommandR, "Action:\n```json\n[{\"tool_name\": \"f\"", "truncated" },
        { ToolCallFormat.Mistral, "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {}}", "truncated" },
        { ToolCallFormat.MistralV11, "[TOOL_CALLS]special_function{\"arg1\": 1}", "truncated" },
        { ToolCallFormat.MistralV11, "[TOOL_CALLS]bad name[ARGS]{}", "function name" },
        { ToolCallFormat.Phi4Mini, "functools[{\"name\": \"f\"", "truncated" },
        { ToolCallFormat.Granite, "<|tool_call|>[]", "empty" },
        { ToolCallFormat.DeepSeekR1, "<｜tool▁call▁begin｜>function<｜tool▁sep｜>special_function\n```json\n{\"arg1\"", "truncated" },
        { ToolCallFormat.DeepSeekR1, "<｜tool▁calls▁begin｜>no call here", "holds no call" },
        { ToolCallFormat.FunctionaryV31, "<function=special_function>{\"arg1\": 1", "truncated" },
        { ToolCallFormat.FunctionaryV32, "special_function\n{\"arg1\": oops}", "not a JSON object" },
        { ToolCallFormat.CommandR7B, "<|START_ACTION|>[{\"tool_name\": \"f\", \"parameters\": {}}", "truncated" },
    };
}
