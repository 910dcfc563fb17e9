namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>What reading a call block found.</summary>
internal enum BlockStatus
{
    /// <summary>The block may still become complete: wait for more text.</summary>
    NeedMore,

    /// <summary>The block was read; its calls (possibly none) are in <see cref="BlockResult.Calls"/>.</summary>
    Complete,

    /// <summary>The text only looked like the start of a call; it is ordinary text, no warning.</summary>
    NotACall,

    /// <summary>The block is broken; it is given back as text with a warning.</summary>
    Malformed,
}

/// <summary>
/// The outcome of <see cref="ToolCallSyntax.ReadBlock"/>: <c>End</c> is where parsing goes on; <c>ContinuesAtStart</c>
/// lets another marker-less call follow (Llama 3); <c>ReplacementText</c> is text the block stands for (a generic
/// <c>{"response": "…"}</c>), given out after the calls.
/// </summary>
internal readonly record struct BlockResult(BlockStatus Status, int End, IReadOnlyList<ParsedToolCall>? Calls = null, string? Error = null,
    bool ContinuesAtStart = false, string? ReplacementText = null)
{
    public static BlockResult NeedMore => new(BlockStatus.NeedMore, -1);

    public static BlockResult Done(int end, IReadOnlyList<ParsedToolCall> calls, bool continuesAtStart = false) =>
        new(BlockStatus.Complete, end, calls, ContinuesAtStart: continuesAtStart);

    public static BlockResult Text(int end) => new(BlockStatus.NotACall, end);

    public static BlockResult Broken(int end, string error) => new(BlockStatus.Malformed, end, Error: error);
}

/// <summary>Whether the output so far starts with a call in a family whose calls may stand at the very start without a marker.</summary>
internal enum StartDecision
{
    Text,
    Call,
    NeedMore,
}

/// <summary>
/// One family's tool-call syntax: the markers that open a call block anywhere in the text, an optional call form at
/// the very start of the output (bare JSON), how to read a block, its lazy-grammar triggers and its grammar.
/// Implementations are stateless.
/// </summary>
internal abstract class ToolCallSyntax
{
    public abstract ToolCallFormat Format { get; }

    /// <summary>Strings that open a call block wherever they appear.</summary>
    public abstract IReadOnlyList<string> Markers { get; }

    /// <summary>What starts a call, for the lazy grammar.</summary>
    public abstract IReadOnlyList<ToolCallTrigger> Triggers { get; }

    /// <summary>Decides whether the output (from <paramref name="position"/>, nothing but whitespace before) starts with a call.</summary>
    public virtual StartDecision StartsWithCall(string text, int position, bool final) => StartDecision.Text;

    /// <summary>
    /// Reads the block at <c>start</c>, which begins with <c>marker</c> (null: a call at the start of the answer).
    /// With <c>final</c> no more text will come: a block that is not complete now never will be.
    /// </summary>
    public abstract BlockResult ReadBlock(string text, int start, string? marker, bool final);

    /// <summary>The GBNF root of one call, or of one or more calls when <paramref name="parallel"/>.</summary>
    public abstract string BuildGrammar(ToolGrammarBuilder grammar, bool parallel);

    /// <summary>The syntax of <paramref name="format"/>.</summary>
    public static ToolCallSyntax For(ToolCallFormat format) => format switch
    {
        ToolCallFormat.Hermes => TaggedJsonSyntax.Hermes,
        ToolCallFormat.Llama3 => new Llama3Syntax(),
        ToolCallFormat.Mistral => new MistralSyntax(nameArgsForm: false),
        ToolCallFormat.MistralV11 => new MistralSyntax(nameArgsForm: true),
        ToolCallFormat.Phi4Mini => TaggedJsonSyntax.Phi4Mini,
        ToolCallFormat.Granite => TaggedJsonSyntax.Granite,
        ToolCallFormat.DeepSeekR1 => new DeepSeekSyntax(v31: false),
        ToolCallFormat.DeepSeekV31 => new DeepSeekSyntax(v31: true),
        ToolCallFormat.FunctionaryV31 => new FunctionaryV31Syntax(),
        ToolCallFormat.FunctionaryV32 => new FunctionaryV32Syntax(),
        ToolCallFormat.CommandR => TaggedJsonSyntax.CommandR,
        ToolCallFormat.CommandR7B => TaggedJsonSyntax.CommandR7B,
        ToolCallFormat.Generic => new GenericJsonSyntax(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown tool-call format."),
    };
}
