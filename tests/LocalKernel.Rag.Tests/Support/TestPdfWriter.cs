using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>
/// Writes small PDFs object by object for inputs no tool would produce on purpose: decompression bombs, forms that
/// draw themselves, forms nested deeper than the limit. The structure (header, objects, xref table, trailer) is real.
/// </summary>
internal sealed class TestPdfWriter
{
    private readonly List<byte[]> _objects = [];

    /// <summary>Adds an object body (without "n 0 obj") and returns its number.</summary>
    public int Add(string body) => Add(Encoding.Latin1.GetBytes(body));

    public int Add(byte[] body)
    {
        _objects.Add(body);
        return _objects.Count;
    }

    /// <summary>Reserves an object number to fill later (for forward references).</summary>
    public int Reserve() => Add([]);

    public void Set(int number, string body) => _objects[number - 1] = Encoding.Latin1.GetBytes(body);

    public void SetStream(int number, string dictionaryEntries, byte[] data) => _objects[number - 1] = Stream(dictionaryEntries, data);

    /// <summary>A stream object body; <paramref name="dictionaryEntries"/> without /Length.</summary>
    public static byte[] Stream(string dictionaryEntries, byte[] data)
    {
        var head = Encoding.Latin1.GetBytes($"<< {dictionaryEntries} /Length {data.Length.ToString(CultureInfo.InvariantCulture)} >>\nstream\n");
        var tail = Encoding.Latin1.GetBytes("\nendstream");
        return [.. head, .. data, .. tail];
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A one-page document around <paramref name="contentStreamObject"/> with Helvetica as /F1 and the given extra resources.</summary>
    public static TestPdfWriter OnePage(byte[] contentStreamObject, string extraResources = "")
    {
        var pdf = new TestPdfWriter();
        int catalog = pdf.Reserve();
        int pages = pdf.Reserve();
        int page = pdf.Reserve();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        int content = pdf.Add(contentStreamObject);
        pdf.Set(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        pdf.Set(page, $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> {extraResources} >> >>");
        return pdf;
    }

    public byte[] ToArray(int rootObject = 1)
    {
        using var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (int i = 0; i < _objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write($"{i + 1} 0 obj\n");
            output.Write(_objects[i]);
            Write("\nendobj\n");
        }

        long xref = output.Position;
        Write($"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset.ToString("D10", CultureInfo.InvariantCulture)} 00000 n \n");
        }

        Write($"trailer\n<< /Size {_objects.Count + 1} /Root {rootObject} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }
}
