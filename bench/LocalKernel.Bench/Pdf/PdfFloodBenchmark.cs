using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LocalKernel.Rag;

namespace LocalKernel.Bench;

/// <summary>
/// How fast the content-stream interpreter gets through a page of nothing but operators (the "operator flood" of a
/// hostile file): one page whose stream repeats "q 1 0 0 1 0 0 cm 0 0 m 10 10 l S Q" up to <c>--mib</c> MiB
/// (default 63.5, just under the default decompression limit of 64), Flate-compressed, read by <see cref="PdfExtractor"/> in this process.
/// result: seconds, operators per second, the outcome (text, or the typed error's failure).
/// </summary>
internal static class PdfFloodBenchmark
{
    private const string Unit = "q 1 0 0 1 0 0 cm 0 0 m 10 10 l S Q\n";
    private const int OperatorsPerUnit = 6;

    public static int Run(BenchArguments arguments)
    {
        double mib = double.Parse(arguments.Get("mib") ?? "63.5", CultureInfo.InvariantCulture);
        long units = (long)(mib * 1024 * 1024 / Unit.Length) - 1;
        var pdf = Build(units);
        Console.WriteLine($"operator flood: {units * OperatorsPerUnit:N0} operators, {units * Unit.Length / 1048576.0:F1} MiB of content, {pdf.Length / 1024.0:F0} KiB file");

        // A small warm-up so the timing is of the interpreter, not of the JIT.
        Extract(Build(1000));
        var stopwatch = Stopwatch.StartNew();
        string outcome = Extract(pdf);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        double opsPerSecond = units * OperatorsPerUnit / seconds;
        Console.WriteLine($"{outcome}: {seconds:F2} s, {opsPerSecond / 1e6:F2} M operators/s");
        Console.WriteLine($"result: seconds={seconds.ToString("F2", CultureInfo.InvariantCulture)} operators_per_s={opsPerSecond.ToString("F0", CultureInfo.InvariantCulture)} outcome={outcome}");
        return 0;
    }

    private static string Extract(byte[] pdf)
    {
        try
        {
            var document = new PdfExtractor().ExtractAsync(new MemoryStream(pdf), ExtractionOptions.Default).GetAwaiter().GetResult();
            return document.Blocks.Count > 0 ? "text" : "empty";
        }
        catch (DocumentExtractionException ex)
        {
            return "typed-" + ex.Reason;
        }
    }

    private static byte[] Build(long units)
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write("BT /F1 12 Tf 72 720 Td (after the flood) Tj ET\n"u8);
            var unit = Encoding.ASCII.GetBytes(Unit);
            for (long i = 0; i < units; i++)
            {
                z.Write(unit);
            }
        }

        var stream = compressed.ToArray();
        var objects = new List<byte[]>
        {
            Encoding.ASCII.GetBytes("<< /Type /Catalog /Pages 2 0 R >>"),
            Encoding.ASCII.GetBytes("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Encoding.ASCII.GetBytes("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
            Concat(Encoding.ASCII.GetBytes($"<< /Length {stream.Length} /Filter /FlateDecode >>\nstream\n"), stream, Encoding.ASCII.GetBytes("\nendstream")),
            Encoding.ASCII.GetBytes("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        };
        var output = new MemoryStream();
        output.Write("%PDF-1.7\n"u8);
        var offsets = new List<long>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            output.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write("\nendobj\n"u8);
        }

        long xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return output.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
