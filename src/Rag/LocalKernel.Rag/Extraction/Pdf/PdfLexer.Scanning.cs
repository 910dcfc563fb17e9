using System.Text;

namespace LocalKernel.Rag;

/// <summary>Scanning of numbers, names, strings and keywords.</summary>
internal sealed partial class PdfLexer
{
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
