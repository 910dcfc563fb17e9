namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The syntax a model family writes tool calls in. <see cref="ToolCallFormatDetector"/> picks one from a chat template;
/// <see cref="ToolCallParser"/> reads it and <see cref="ToolCallGrammar"/> constrains generation to it.
/// </summary>
public enum ToolCallFormat
{
    /// <summary>
    /// No family syntax: the whole answer is JSON, <c>{"tool_calls": [{"name": …, "arguments": {…}}]}</c> (also read:
    /// a single call object, an array of them, <c>{"tool_call": {…}}</c>, <c>{"response": "text"}</c>), optionally in a
    /// ```json fence. For models whose template shows no tool syntax.
    /// </summary>
    Generic,

    /// <summary>Hermes 2 Pro / 3, Qwen 2.5, Qwen 3, Granite 4, SmolLM3 and others:
    /// <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>, several per turn. The XML body of
    /// Qwen3-Coder (<c>&lt;function=name&gt;&lt;parameter=key&gt;value&lt;/parameter&gt;&lt;/function&gt;</c>) is read too.</summary>
    Hermes,

    /// <summary>Llama 3.1, 3.2, 3.3: a bare JSON object at the start of the answer, <c>{"name": …, "parameters": {…}}</c>
    /// (optionally with <c>"type": "function"</c>), or after <c>&lt;|python_tag|&gt;</c>, where built-in tools are
    /// written <c>brave_search.call(query="…")</c> and other text is code for the <c>python</c> tool.</summary>
    Llama3,

    /// <summary>Mistral 7B v0.3, Mixtral, Nemo: <c>[TOOL_CALLS][{"name": …, "arguments": {…}, "id": "…"}]</c>.</summary>
    Mistral,

    /// <summary>Mistral Small 3.2, Devstral, Ministral 3, Magistral (tokenizer v11 and later):
    /// <c>[TOOL_CALLS]name[ARGS]{…}</c> per call, optionally <c>[CALL_ID]id</c> before <c>[ARGS]</c>.</summary>
    MistralV11,

    /// <summary>Phi-4-mini and FireFunction v2: <c>functools[{"name": …, "arguments": {…}}, …]</c>; the
    /// <c>&lt;|tool_call|&gt;[…]&lt;|/tool_call|&gt;</c> spelling of some Phi-4 templates is read too.</summary>
    Phi4Mini,

    /// <summary>Granite 3.x: <c>&lt;|tool_call|&gt;[{"name": …, "arguments": {…}}, …]</c>.</summary>
    Granite,

    /// <summary>DeepSeek R1 (and its distills) and V3: <c>&lt;｜tool▁calls▁begin｜&gt;&lt;｜tool▁call▁begin｜&gt;function&lt;｜tool▁sep｜&gt;name\n```json\n{…}\n```&lt;｜tool▁call▁end｜&gt;…&lt;｜tool▁calls▁end｜&gt;</c>.</summary>
    DeepSeekR1,

    /// <summary>DeepSeek V3.1 and later: <c>&lt;｜tool▁calls▁begin｜&gt;&lt;｜tool▁call▁begin｜&gt;name&lt;｜tool▁sep｜&gt;{…}&lt;｜tool▁call▁end｜&gt;…&lt;｜tool▁calls▁end｜&gt;</c>.</summary>
    DeepSeekV31,

    /// <summary>Functionary v3.1 (Llama 3.1 based): <c>&lt;function=name&gt;{…}&lt;/function&gt;</c>; <c>&lt;|python_tag|&gt;</c> code for <c>python</c>.</summary>
    FunctionaryV31,

    /// <summary>Functionary v3.2: recipient headers, <c>name\n{…}</c> first (the prompt ends with <c>&gt;&gt;&gt;</c>),
    /// then <c>&gt;&gt;&gt;name\n{…}</c>; the recipient <c>all</c> is text.</summary>
    FunctionaryV32,

    /// <summary>Command R / R+: <c>Action: ```json [{"tool_name": …, "parameters": {…}}] ```</c>.</summary>
    CommandR,

    /// <summary>Command R7B: <c>&lt;|START_ACTION|&gt;[{"tool_call_id": "0", "tool_name": …, "parameters": {…}}]&lt;|END_ACTION|&gt;</c>;
    /// the <c>&lt;|START_RESPONSE|&gt;</c> / <c>&lt;|END_RESPONSE|&gt;</c> markers around text are removed.</summary>
    CommandR7B,
}
