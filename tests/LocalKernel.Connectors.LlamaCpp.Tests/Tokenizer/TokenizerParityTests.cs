using System.Text;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Tokenizing each test line of llama.cpp's ggml-vocab-&lt;name&gt;.gguf.inp must give exactly the tokens of
/// its .out file (as llama.cpp's test-tokenizer-0 checks: no special tokens added, none parsed).
/// </summary>
public class TokenizerParityTests
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    public static TheoryData<string> Vocabularies =>
    [
        "llama-spm", "llama-bpe", "qwen2", "phi-3", "bert-bge",
        "command-r", "deepseek-coder", "deepseek-llm", "falcon", "gpt-2", "mpt", "refact", "starcoder",
        "gemma-4", "qwen35",
    ];

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void Every_test_line_tokenizes_exactly_as_llama_cpp_expects(string vocabulary)
    {
        var gguf = LlamaTestData.PathOf($"models/ggml-vocab-{vocabulary}.gguf");
        var cases = ReadCases(gguf + ".inp", gguf + ".out");
        Assert.NotEmpty(cases);

        using var model = LlamaModel.Load(gguf, new LlamaModelOptions { VocabOnly = true });
        var mismatches = new List<string>();
        foreach (var (input, expected) in cases)
        {
            var actual = model.TokenizeUtf8(input, addSpecial: false, parseSpecial: false);
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                mismatches.Add($"'{Encoding.UTF8.GetString(input)}': expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {cases.Count} lines differ for {vocabulary}:\n" + string.Join('\n', mismatches.Take(10)));
    }

    private static List<(byte[] Input, int[] Expected)> ReadCases(string inputPath, string outputPath)
    {
        // Split on bytes, as the C++ test does, so that no input is re-encoded on the way.
        var raw = File.ReadAllBytes(inputPath);
        var separator = Encoding.UTF8.GetBytes(Separator);
        var inputs = new List<byte[]>();
        int position = 0;
        while (position < raw.Length)
        {
            int next = raw.AsSpan(position).IndexOf(separator);
            if (next < 0)
            {
                inputs.Add(raw[position..]);
                break;
            }

            inputs.Add(raw[position..(position + next)]);
            position += next + separator.Length;
        }

        var outputs = File.ReadAllLines(outputPath)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())
            .ToList();
        Assert.Equal(inputs.Count, outputs.Count);
        return inputs.Zip(outputs).Select(pair => (pair.First, pair.Second)).ToList();
    }
}
