using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Turns a model's output, fed piece by piece as it streams, into text and <see cref="FunctionCallContent"/>s in the
/// syntax of one <see cref="ToolCallFormat"/>. Text before a call goes out at once; text that may be the beginning of
/// a call marker is held back (like a stop sequence) until it is known; a call goes out when it is complete, with a
/// generated id when the model wrote none. A broken or truncated call never throws: its text goes out as text with a
/// <see cref="ToolCallParseWarning"/> and an <see cref="ILogger"/> warning.
/// </summary>
/// <remarks>
/// Argument values are <see cref="System.Text.Json.JsonElement"/>s, except JSON strings, which are .NET strings (the
/// form Semantic Kernel binds to enum parameters).
/// Special tokens that open calls (<c>&lt;|python_tag|&gt;</c>, <c>[TOOL_CALLS]</c>, …) must be in the text fed here,
/// so detokenize them. One parser reads one answer; not thread-safe.
/// </remarks>
public sealed partial class ToolCallParser
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ToolCallSyntax _syntax;
    private readonly ILogger _logger;
    private readonly List<ToolCallParseWarning> _warnings = [];
    private string _pending = "";
    private bool _inBlock;
    private string? _marker;
    private bool _atStart = true;
    private bool _afterCall;
    private bool _completed;

    /// <summary>Creates a parser for one answer in <paramref name="format"/>.</summary>
    /// <param name="format">The family syntax, e.g. from <see cref="ToolCallFormatDetector.Detect"/>.</param>
    /// <param name="logger">Receives a warning for each broken call (the text itself only at Trace).</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown format.</exception>
    public ToolCallParser(ToolCallFormat format, ILogger? logger = null)
    {
        _syntax = ToolCallSyntax.For(format);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The syntax this parser reads.</summary>
    public ToolCallFormat Format => _syntax.Format;

    /// <summary>Makes ids for calls the model wrote without one. Default: 9 random letters and digits (Mistral's templates
    /// refuse other ids when the history is rendered again).</summary>
    public Func<string> CallIdFactory { get; init; } = () => new string(Random.Shared.GetItems(IdAlphabet.AsSpan(), 9));

    /// <summary>Every warning so far.</summary>
    public IReadOnlyList<ToolCallParseWarning> Warnings => _warnings;

    /// <summary>True when text is held back (a possible call start, or a call not yet complete).</summary>
    public bool IsHoldingText => _pending.Length > 0;

    /// <summary>Reads the next piece of output.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was called.</exception>
    public ToolCallParseResult Push(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (text.Length == 0)
        {
            return ToolCallParseResult.Empty;
        }

        _pending += text;
        return Process(final: false);
    }

    /// <summary>Ends the answer: gives out what was held back; a call still open is reported as truncated text.</summary>
    public ToolCallParseResult Complete()
    {
        if (_completed)
        {
            return ToolCallParseResult.Empty;
        }

        var result = Process(final: true);
        _completed = true;
        return result;
    }

    /// <summary>Parses a whole answer at once.</summary>
    public static ToolCallParseResult Parse(string text, ToolCallFormat format, ILogger? logger = null)
    {
        var parser = new ToolCallParser(format, logger);
        var first = parser.Push(text);
        var last = parser.Complete();
        return new ToolCallParseResult(Join([.. first.Contents, .. last.Contents]), [.. first.Warnings, .. last.Warnings]);
    }

    private ToolCallParseResult Process(bool final)
    {
        var contents = new List<AIContent>();
        var warnings = new List<ToolCallParseWarning>();
        var text = _pending;
        int position = 0;
        while (position < text.Length || (final && _inBlock))
        {
            if (!_inBlock)
            {
                if (_afterCall)
                {
                    // Line breaks between calls and after the last one are layout, not an answer.
                    position = ToolCallText.SkipWhitespace(text, position);
                    if (position >= text.Length)
                    {
                        break;
                    }

                    _afterCall = false;
                }

                if (_atStart)
                {
                    var decision = _syntax.StartsWithCall(text, position, final);
                    if (decision == StartDecision.NeedMore)
                    {
                        break;
                    }

                    _atStart = false;
                    if (decision == StartDecision.Call)
                    {
                        _inBlock = true;
                        _marker = null;
                        continue;
                    }
                }

                var (index, marker) = ToolCallText.FindFirst(text, position, _syntax.Markers);
                if (index >= 0)
                {
                    AddText(contents, text[position..index]);
                    position = index;
                    _inBlock = true;
                    _marker = marker;
                    continue;
                }

                int held = final ? 0 : ToolCallText.PartialMarkerSuffix(text, position, _syntax.Markers);
                AddText(contents, text[position..^held]);
                position = text.Length - held;
                break;
            }

            var block = _syntax.ReadBlock(text, position, _marker, final);
            if (block.Status == BlockStatus.NeedMore)
            {
                if (!final)
                {
                    break;
                }

                block = BlockResult.Broken(text.Length, "the call is truncated");
            }

            if (block.End <= position)
            {
                // Every step must consume something, or the same marker would be read forever.
                block = block with { End = Math.Min(text.Length, position + Math.Max(1, _marker?.Length ?? 1)) };
            }

            _inBlock = false;
            switch (block.Status)
            {
                case BlockStatus.Complete:
                    foreach (var call in block.Calls ?? [])
                    {
                        contents.Add(new FunctionCallContent(string.IsNullOrEmpty(call.Id) ? CallIdFactory() : call.Id, call.Name, Bindable(call.Arguments)));
                    }

                    AddText(contents, block.ReplacementText);
                    _afterCall = block.Calls is { Count: > 0 };
                    _atStart = block.ContinuesAtStart;
                    break;
                case BlockStatus.NotACall:
                    AddText(contents, text[position..block.End]);
                    break;
                default:
                    var raw = text[position..block.End];
                    var warning = new ToolCallParseWarning(block.Error ?? "the call is malformed", raw);
                    warnings.Add(warning);
                    LogMalformedCall(_logger, _syntax.Format, warning.Message);
                    LogMalformedCallText(_logger, raw);
                    AddText(contents, raw);
                    break;
            }

            position = block.End;
        }

        _pending = text[position..];
        _warnings.AddRange(warnings);
        return contents.Count == 0 && warnings.Count == 0 ? ToolCallParseResult.Empty : new ToolCallParseResult(contents, warnings);
    }

    // Semantic Kernel binds a .NET string to an enum parameter but fails on a JsonElement that holds the same string
    // ("Error: Function failed."); AIFunctionFactory binds both. Other values stay JsonElements, which both bind.
    private static Dictionary<string, object?> Bindable(Dictionary<string, object?> arguments)
    {
        foreach (var (name, text) in arguments.Where(a => a.Value is JsonElement { ValueKind: JsonValueKind.String }).ToList())
        {
            arguments[name] = ((JsonElement)text!).GetString();
        }

        return arguments;
    }

    private static void AddText(List<AIContent> contents, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (contents.Count > 0 && contents[^1] is TextContent previous)
        {
            contents[^1] = new TextContent(previous.Text + text);
        }
        else
        {
            contents.Add(new TextContent(text));
        }
    }

    private static List<AIContent> Join(List<AIContent> contents)
    {
        var joined = new List<AIContent>();
        foreach (var content in contents)
        {
            if (content is TextContent text)
            {
                AddText(joined, text.Text);
            }
            else
            {
                joined.Add(content);
            }
        }

        return joined;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "A {Format} tool call was malformed and is given out as text: {Reason}")]
    private static partial void LogMalformedCall(ILogger logger, ToolCallFormat format, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Trace, Message = "Malformed tool call text: {Text}")]
    private static partial void LogMalformedCallText(ILogger logger, string text);
}
