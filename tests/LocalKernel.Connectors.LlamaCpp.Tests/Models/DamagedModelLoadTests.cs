namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The end-to-end bad-file property: a damaged model file given to <see cref="LlamaModel.Load"/> either loads
/// (and then decodes), or fails with a typed .NET exception. A native abort would kill this test process,
/// so the test passing is the proof that none happened.
/// </summary>
public sealed class DamagedModelLoadTests(ITestOutputHelper output)
{
    private const int CaseCount = 300;

    [Fact]
    public void Damaged_models_load_or_fail_with_a_typed_exception_and_the_process_survives()
    {
        var original = GgufMutator.GenerateTinyModel();
        var headerLength = (int)GgufReader.Read(new MemoryStream(original)).DataOffset;
        var directory = Directory.CreateTempSubdirectory("localkernel-damaged-").FullName;
        int loaded = 0, rejectedByValidator = 0, rejectedByLlama = 0;
        var unexpected = new List<string>();
        try
        {
            for (int i = 0; i < CaseCount; i++)
            {
                var (bytes, description) = GgufMutator.Mutate(original, headerLength, i);
                var path = Path.Combine(directory, $"case{i}.gguf");
                File.WriteAllBytes(path, bytes);
                try
                {
                    using var model = LlamaModel.Load(path);
                    using var context = new LlamaContext(model, new LlamaContextOptions { ContextSize = 64, BatchSize = 64 });
                    context.Decode(model.Tokenize("hello world"), 0);
                    loaded++;
                }
                catch (GgufFormatException)
                {
                    rejectedByValidator++;
                }
                catch (LlamaException)
                {
                    rejectedByLlama++;
                }
                catch (Exception e)
                {
                    unexpected.Add($"case {i} ({description}): {e.GetType().Name}: {e.Message}");
                }
                finally
                {
                    File.Delete(path);
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        output.WriteLine($"{CaseCount} cases: {loaded} loaded and decoded, {rejectedByValidator} rejected by the GGUF validator, {rejectedByLlama} refused by llama.cpp");
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
        Assert.True(loaded > 0 && rejectedByValidator > 0);
    }
}
