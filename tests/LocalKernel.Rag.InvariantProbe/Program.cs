using System.Text;
using LocalKernel.Rag;

// Usage: LocalKernel.Rag.InvariantProbe <file.pdf>. Prints whether globalization is invariant, then the extracted text.
Console.OutputEncoding = Encoding.UTF8;
bool invariant = AppContext.TryGetSwitch("System.Globalization.Invariant", out bool on) && on;
Console.WriteLine($"invariant={invariant}");
await using var file = File.OpenRead(args[0]);
var document = await new PdfExtractor().ExtractAsync(file, ExtractionOptions.Default);
Console.WriteLine(document.ToPlainText());
return 0;
