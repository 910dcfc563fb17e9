using System.Text;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The converted WordPiece tokenizer is llama.cpp's own for this vocabulary: the packages' vocabulary is
/// bert-base-uncased, the same as llama.cpp's ggml-vocab-bert-bge.gguf (made by llama.cpp's converter), so the
/// converted tokens must equal that file's, and tokenizing its test inputs must give the ids its .out file
/// holds (produced by Hugging Face's tokenizer).
/// </summary>
public sealed class BertTokenizerParityTests
{
    private const string Reference = "models/ggml-vocab-bert-bge.gguf";

    public static TheoryData<string> Packages => [SentenceTransformerPackages.MiniLm, SentenceTransformerPackages.ArcticXs];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Converted_vocabulary_equals_llama_cpp_converter_output(string package)
    {
        var ours = GgufReader.Read(SentenceTransformerPackages.Converted(package, GgmlType.Q8_0));
        var reference = GgufReader.Read(LlamaTestData.PathOf(Reference));
        Assert.True(ours.TryGetStringArray("tokenizer.ggml.tokens", out var tokens));
        Assert.True(reference.TryGetStringArray("tokenizer.ggml.tokens", out var expected));
        Assert.Equal(expected.ToArray(), tokens.ToArray());
        Assert.Equal(reference.TryGetInt32Array("tokenizer.ggml.token_type", out var t1) ? t1 : null,
            ours.TryGetInt32Array("tokenizer.ggml.token_type", out var t2) ? t2 : null);
        foreach (var key in new[] { "unknown_token_id", "seperator_token_id", "padding_token_id", "cls_token_id", "mask_token_id" })
        {
            Assert.Equal(reference.GetUInt32("tokenizer.ggml." + key), ours.GetUInt32("tokenizer.ggml." + key));
        }
    }

    [Fact]
    public void Converted_tokenizer_reproduces_the_reference_token_ids()
    {
        var gguf = LlamaTestData.PathOf(Reference);
        // The file ends with a separator: the text after it is not a case.
        var inputs = Encoding.UTF8.GetString(File.ReadAllBytes(gguf + ".inp")).Split("\n__ggml_vocab_test__\n")[..^1];
        var outputs = File.ReadAllLines(gguf + ".out");
        Assert.Equal(inputs.Length, outputs.Length);
        Assert.True(inputs.Length >= 40);

        using var model = LlamaModel.Load(SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0),
            new LlamaModelOptions { VocabOnly = true });
        var mismatches = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var expected = outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            var actual = model.Tokenize(inputs[i], addSpecial: false);
            if (!actual.SequenceEqual(expected))
            {
                mismatches.Add($"'{inputs[i]}': expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public void Special_tokens_frame_every_input()
    {
        using var model = LlamaModel.Load(SentenceTransformerPackages.Converted(SentenceTransformerPackages.MiniLm, GgmlType.Q8_0),
            new LlamaModelOptions { VocabOnly = true });
        var tokens = model.Tokenize("Hello, World!", addSpecial: true);
        // [CLS] hello , world ! [SEP] in bert-base-uncased.
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], tokens);
    }
}
