using System.Text;

namespace LocalKernel.Rag;

/// <summary>Names well-known binary formats by their leading bytes, so a refusal can say "a PNG image" rather than
/// just "binary".</summary>
internal static class FileSignatures
{
    private static readonly (byte[] Magic, string Name)[] Known =
    [
        ("%PDF-"u8.ToArray(), "a PDF document"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive (or an Office document such as DOCX/XLSX)"),
        ([0x1F, 0x8B], "a gzip archive"),
        ("BZh"u8.ToArray(), "a bzip2 archive"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "an xz archive"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ("Rar!"u8.ToArray(), "a RAR archive"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an ELF executable"),
        ("MZ"u8.ToArray(), "a Windows executable"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an OLE compound file (legacy Office document)"),
        ("SQLite format 3\0"u8.ToArray(), "an SQLite database"),
        ([0x00, (byte)'a', (byte)'s', (byte)'m'], "a WebAssembly module"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a Java class file or Mach-O binary"),
        ("GGUF"u8.ToArray(), "a GGUF model file"),
        ("RIFF"u8.ToArray(), "a RIFF media file (WAV/AVI/WebP)"),
        ("OggS"u8.ToArray(), "an Ogg media file"),
        ("ID3"u8.ToArray(), "an MP3 audio file"),
        ("fLaC"u8.ToArray(), "a FLAC audio file"),
    ];

    /// <summary>Describes <paramref name="head"/> as a known format, or returns null.</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, name) in Known)
        {
            if (head.StartsWith(magic))
            {
                return name;
            }
        }

        // ISO media (MP4/MOV/HEIC) carries its signature at offset 4.
        if (head.Length >= 8 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return "an MP4/QuickTime media file";
        }

        return null;
    }

    /// <summary>The first bytes as printable text for error messages ("%PDF-1.7", "PK..").</summary>
    public static string Preview(ReadOnlySpan<byte> head)
    {
        var sb = new StringBuilder();
        foreach (var b in head[..Math.Min(head.Length, 16)])
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return sb.ToString();
    }
}
