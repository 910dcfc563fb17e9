using LocalKernel.Bench;

// Benchmarks print a table and end with one line "result: key=value ..." that scripts can read.
// Usage: dotnet run -c Release --project bench/LocalKernel.Bench -- <name> [options]
var benchmarks = new Dictionary<string, Func<BenchArguments, int>>(StringComparer.Ordinal)
{
    ["native"] = NativeThroughputBenchmark.Run,
    ["threads"] = ThreadsBenchmark.Run,
    ["decode-cost"] = DecodeCostBenchmark.Run,
    ["chat"] = ChatBenchmark.Run,
    ["concurrency"] = ConcurrencyBenchmark.Run,
    ["embeddings"] = EmbeddingsBenchmark.Run,
    ["embeddings-contention"] = EmbeddingsContentionBenchmark.Run,
    ["prefix-reuse"] = PrefixReuseBenchmark.Run,
    ["native-peer"] = NativePeerBenchmark.Run,
    ["llamasharp-peer"] = LlamaSharpPeerBenchmark.Run,
    ["scifact"] = SciFactBenchmark.Run,
    ["scifact-abstain"] = AbstentionBenchmark.Run,
    ["vector-search"] = VectorSearchBenchmark.Run,
    ["ingest"] = IngestBenchmark.Run,
    ["quantize"] = QuantizeBenchmark.Run,
    ["code-questions"] = CodeQuestionsBenchmark.Run,
    ["speculation"] = SpeculationBenchmark.Run,
    ["serve-load"] = ServeLoadBenchmark.Run,
    ["postgres"] = PostgresBenchmark.Run,
    ["pdf"] = PdfBenchmark.Run,
    ["pdf-worker"] = PdfBenchWorker.Run,
    ["pdf-diff"] = PdfWordDiff.Run,
    ["pdf-scripts"] = PdfScriptSamples.RunAlone,
    ["pdf-tables"] = PdfTablesGenerator.Run,
    ["pdf-flood"] = PdfFloodBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: LocalKernel.Bench <{string.Join('|', benchmarks.Keys)}> [--model file.gguf] [--threads 1,2]");
    return 2;
}

return run(new BenchArguments(args[1..]));
