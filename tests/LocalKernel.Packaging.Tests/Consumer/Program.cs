// The consumer application of the packaging tests: what an app developer writes after
// `dotnet add package LocalKernel.Connectors.LlamaCpp` and `dotnet add package LocalKernel.Backend.Cpu`.
using LocalKernel.Connectors.LlamaCpp;
using Microsoft.Extensions.AI;

var info = LlamaBackend.EnsureLoaded();
Console.WriteLine($"backend: {info.LibraryDirectory}");

using var model = LlamaModel.Load(args[0]);
using IChatClient chat = new LlamaChatClient(model, new() { ContextSize = 256 });
var response = await chat.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 16 });
Console.WriteLine($"chat: {response.Text.Replace('\n', ' ')}");
Console.WriteLine($"output tokens: {response.Usage?.OutputTokenCount}");

using var embedder = new LlamaEmbeddingGenerator(model);
var vectors = await embedder.GenerateAsync(["a little girl", "a big red ball"]);
var norm = Math.Sqrt(vectors[0].Vector.ToArray().Sum(x => (double)x * x));
Console.WriteLine($"embeddings: {vectors.Count} x {vectors[0].Vector.Length}, norm {norm:F3}");
