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
internal sealed class PdfLexer
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

    private bool TryReadNumber()
    {
        int p = Position;
        bool negative = false;
        while (p < _end && _buffer[p] is (byte)'+' or (byte)'-')
        {
            negative ^= _buffer[p] == '-';
            p++;
        }

        double value = 0;
        bool digits = false, dot = false;
        double scale = 1;
        while (p < _end)
        {
            byte b = _buffer[p];
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits = true;
                if (dot)
                {
                    scale /= 10;
                    value += (b - '0') * scale;
                }
                else
                {
                    value = (value * 10) + (b - '0');
                }
            }
            else if (b == '.' && !dot)
            {
                dot = true;
            }
            else if (b == '-' && digits)
            {
                // "4-3" style garbage seen in the wild: the number ends here.
                break;
            }
            else
            {
                break;
            }

            p++;
        }

        if (!digits)
        {
            if (!dot)
            {
                return false;
            }

            value = 0; // a lone "." or "-." reads as 0, as viewers do
        }

        Position = p;
        Number = negative ? -value : value;
        IsInteger = !dot;
        return true;
    }

    private string ReadName()
    {
        var sb = new StringBuilder();
        while (Position < _end)
        {
            byte b = _buffer[Position];
            if (IsWhitespace(b) || IsDelimiter(b))
            {
                break;
            }

            if (b == '#' && Position + 2 < _end && IsHex(_buffer[Position + 1]) && IsHex(_buffer[Position + 2]))
            {
                sb.Append((char)((HexValue(_buffer[Position + 1]) << 4) | HexValue(_buffer[Position + 2])));
                Position += 3;
                continue;
            }

            sb.Append((char)b);
            Position++;
        }

        return sb.ToString();
    }

    private byte[] ReadLiteralString()
    {
        var bytes = new List<byte>();
        int depth = 1;
        while (Position < _end)
        {
            byte b = _buffer[Position++];
            switch (b)
            {
                case (byte)'(':
                    depth++;
                    bytes.Add(b);
                    break;
                case (byte)')':
                    if (--depth == 0)
                    {
                        return [.. bytes];
                    }

                    bytes.Add(b);
                    break;
                case (byte)'\\':
                    ReadEscape(bytes);
                    break;
                case (byte)'\r':
                    // An unescaped end of line inside a string is a single '\n' (7.3.4.2).
                    if (Position < _end && _buffer[Position] == '\n')
                    {
                        Position++;
                    }

                    bytes.Add((byte)'\n');
                    break;
                default:
                    bytes.Add(b);
                    break;
            }
        }

        return [.. bytes];
    }

    private void ReadEscape(List<byte> bytes)
    {
        if (Position >= _end)
        {
            return;
        }

        byte e = _buffer[Position++];
        switch (e)
        {
            case (byte)'n': bytes.Add((byte)'\n'); break;
            case (byte)'r': bytes.Add((byte)'\r'); break;
            case (byte)'t': bytes.Add((byte)'\t'); break;
            case (byte)'b': bytes.Add(8); break;
            case (byte)'f': bytes.Add(12); break;
            case (byte)'\r':
                if (Position < _end && _buffer[Position] == '\n')
                {
                    Position++;
                }

                break; // line continuation
            case (byte)'\n':
                break;
            case >= (byte)'0' and <= (byte)'7':
            {
                int value = e - '0';
                for (int k = 0; k < 2 && Position < _end && _buffer[Position] is >= (byte)'0' and <= (byte)'7'; k++)
                {
                    value = (value * 8) + (_buffer[Position++] - '0');
                }

                bytes.Add((byte)value);
                break;
            }

            default:
                bytes.Add(e); // \( \) \\ and unknown escapes: the character itself
                break;
        }
    }

    private byte[] ReadHexString()
    {
        var bytes = new List<byte>();
        int high = -1;
        while (Position < _end)
        {
            byte b = _buffer[Position++];
            if (b == '>')
            {
                break;
            }

            if (!IsHex(b))
            {
                continue; // whitespace (and garbage) is ignored
            }

            if (high < 0)
            {
                high = HexValue(b);
            }
            else
            {
                bytes.Add((byte)((high << 4) | HexValue(b)));
                high = -1;
            }
        }

        if (high >= 0)
        {
            bytes.Add((byte)(high << 4)); // an odd final digit is followed by an implied 0
        }

        return [.. bytes];
    }

    private string KeywordText(int start, int length)
    {
        if (length <= 3)
        {
            int key = length;
            for (int i = 0; i < length; i++)
            {
                key = (key << 8) | _buffer[start + i];
            }

            if (ShortKeywords.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        return Encoding.Latin1.GetString(_buffer, start, length);
    }

    private static Dictionary<int, string> BuildShortKeywords()
    {
        // Content-stream operators repeat millions of times; return shared strings instead of allocating each.
        string[] words =
        [
            "BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj", "TJ", "'", "\"", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "q", "Q", "cm",
            "Do", "gs", "BI", "ID", "EI", "BDC", "BMC", "EMC", "MP", "DP", "re", "f", "F", "f*", "S", "s", "b", "B", "n", "W",
            "W*", "m", "l", "c", "v", "y", "h", "w", "J", "j", "M", "d", "ri", "i", "g", "G", "rg", "RG", "k", "K", "cs", "CS",
            "sc", "SC", "scn", "SCN", "sh", "d0", "d1", "BX", "EX", "R", "obj", "def", "end", "{", "}", "true", "null",
        ];
        var map = new Dictionary<int, string>();
        foreach (var word in words.Where(w => w.Length <= 3))
        {
            int key = word.Length;
            foreach (char ch in word)
            {
                key = (key << 8) | ch;
            }

            map[key] = word;
        }

        return map;
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
