using System.Text;

namespace LocalKernel.Rag;

/// <summary>The kinds of token in PDF syntax (7.2).</summary>
internal enum PdfTokenKind
{
    EndOfInput,
    Number,
    Name,
    String,
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
    Keyword,
}

/// <summary>
/// Tokenizer and object parser for PDF syntax, shared by the file structure (objects, xref, trailers) and content
/// streams and CMaps. It never throws on bad bytes: damaged input yields odd tokens, and callers decide.
/// </summary>
internal sealed partial class PdfLexer
{
    private const int MaxNesting = 256;

    private static readonly Dictionary<int, string> ShortKeywords = BuildShortKeywords();

    private readonly byte[] _buffer;
    private readonly int _end;

    public PdfLexer(byte[] buffer, int start = 0, int length = -1)
    {
        _buffer = buffer;
        Position = start;
        _end = length < 0 ? buffer.Length : start + length;
    }

    /// <summary>Absolute position in the buffer.</summary>
    public int Position { get; set; }

    public int End => _end;

    public byte[] Buffer => _buffer;

    public PdfTokenKind Kind { get; private set; }

    public double Number { get; private set; }

    public bool IsInteger { get; private set; }

    /// <summary>Name (without '/') or keyword text.</summary>
    public string Text { get; private set; } = string.Empty;

    public byte[] StringBytes { get; private set; } = [];

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public PdfTokenKind Next()
    {
        SkipWhitespaceAndComments();
        if (Position >= _end)
        {
            return Kind = PdfTokenKind.EndOfInput;
        }

        byte c = _buffer[Position];
        switch (c)
        {
            case (byte)'/':
                Position++;
                Text = ReadName();
                return Kind = PdfTokenKind.Name;
            case (byte)'(':
                Position++;
                StringBytes = ReadLiteralString();
                return Kind = PdfTokenKind.String;
            case (byte)'<':
                if (Position + 1 < _end && _buffer[Position + 1] == '<')
                {
                    Position += 2;
                    return Kind = PdfTokenKind.DictionaryStart;
                }

                Position++;
                StringBytes = ReadHexString();
                return Kind = PdfTokenKind.String;
            case (byte)'>':
                Position += Position + 1 < _end && _buffer[Position + 1] == '>' ? 2 : 1;
                return Kind = PdfTokenKind.DictionaryEnd;
            case (byte)'[':
                Position++;
                return Kind = PdfTokenKind.ArrayStart;
            case (byte)']':
                Position++;
                return Kind = PdfTokenKind.ArrayEnd;
            case (byte)'{' or (byte)'}' or (byte)')':
                Position++;
                Text = ((char)c).ToString();
                return Kind = PdfTokenKind.Keyword;
        }

        if (c is (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9') && TryReadNumber())
        {
            return Kind = PdfTokenKind.Number;
        }

        int start = Position;
        while (Position < _end && !IsWhitespace(_buffer[Position]) && !IsDelimiter(_buffer[Position]))
        {
            Position++;
        }

        if (Position == start)
        {
            Position++; // a lone byte that starts nothing: skip it rather than loop
        }

        Text = KeywordText(start, Position - start);
        return Kind = PdfTokenKind.Keyword;
    }

    /// <summary>Reads one object starting at the next token; <paramref name="allowReferences"/> enables "n g R".</summary>
    public object? ReadObject(bool allowReferences, int depth = 0)
    {
        Next();
        return ReadCurrent(allowReferences, depth);
    }

    /// <summary>Builds the object whose first token was just read.</summary>
    public object? ReadCurrent(bool allowReferences, int depth = 0)
    {
        if (depth > MaxNesting)
        {
            throw new PdfFormatException("Arrays or dictionaries are nested too deeply.");
        }

        switch (Kind)
        {
            case PdfTokenKind.Number:
                if (allowReferences && IsInteger && Number >= 0)
                {
                    double number = Number;
                    int save = Position;
                    if (Next() == PdfTokenKind.Number && IsInteger && Number >= 0)
                    {
                        double generation = Number;
                        if (Next() == PdfTokenKind.Keyword && Text == "R")
                        {
                            return new PdfRef((int)Math.Min(number, int.MaxValue), (int)Math.Min(generation, int.MaxValue));
                        }
                    }

                    Position = save;
                    Kind = PdfTokenKind.Number;
                    Number = number;
                    IsInteger = true;
                    return number;
                }

                return Number;
            case PdfTokenKind.Name:
                return new PdfName(Text);
            case PdfTokenKind.String:
                return new PdfString(StringBytes);
            case PdfTokenKind.ArrayStart:
            {
                var array = new PdfArray();
                while (Next() is not (PdfTokenKind.ArrayEnd or PdfTokenKind.EndOfInput))
                {
                    if (Kind == PdfTokenKind.Keyword && Text is "endobj" or "stream" or "obj")
                    {
                        break; // damaged array: do not swallow the rest of the file
                    }

                    array.Add(ReadCurrent(allowReferences, depth + 1));
                }

                return array;
            }

            case PdfTokenKind.DictionaryStart:
            {
                var dictionary = new PdfDictionary();
                while (Next() is not (PdfTokenKind.DictionaryEnd or PdfTokenKind.EndOfInput))
                {
                    if (Kind == PdfTokenKind.Keyword && Text is "endobj" or "stream" or "obj")
                    {
                        break;
                    }

                    if (Kind != PdfTokenKind.Name)
                    {
                        continue; // a stray value without a key
                    }

                    string key = Text;
                    var value = ReadObject(allowReferences, depth + 1);
                    if (Kind == PdfTokenKind.DictionaryEnd && value is PdfKeyword)
                    {
                        break;
                    }

                    dictionary[key] = value;
                }

                return dictionary;
            }

            case PdfTokenKind.Keyword:
                return Text switch
                {
                    "true" => true,
                    "false" => false,
                    "null" => null,
                    _ => new PdfKeyword(Text),
                };
            case PdfTokenKind.ArrayEnd:
                return new PdfKeyword("]");
            case PdfTokenKind.DictionaryEnd:
                return new PdfKeyword(">>");
            default:
                return null;
        }
    }

    public void SkipWhitespaceAndComments()
    {
        while (Position < _end)
        {
            byte b = _buffer[Position];
            if (IsWhitespace(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                while (Position < _end && _buffer[Position] is not ((byte)'\n' or (byte)'\r'))
                {
                    Position++;
                }
            }
            else
            {
                break;
            }
        }
    }

}
