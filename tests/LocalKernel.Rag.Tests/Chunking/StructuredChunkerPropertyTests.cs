using System.Text;

namespace LocalKernel.Rag.Tests;

/// <summary>Properties over random documents (fixed seeds): size limits hold, no word is lost, no chunk mixes sections.</summary>
public class StructuredChunkerPropertyTests
{
    public static TheoryData<string> Counters => ["words", "approximate"];

    [Theory]
    [MemberData(nameof(Counters))]
    public void Random_documents_keep_every_word_within_the_limits_and_sections(string counterName)
    {
        ITokenCounter counter = counterName == "words" ? WordTokenCounter.Instance : ApproximateTokenCounter.Instance;
        var random = new Random(counterName == "words" ? 1234 : 5678);
        for (int run = 0; run < 150; run++)
        {
            int maxTokens = random.Next(8, 160);
            int overlap = random.Next(0, maxTokens / 2);
            var document = RandomDocument(random, out var wordCount);
            var chunks = new StructuredChunker(counter, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlap }).Chunk(document);
            string context = $"run {run}, max {maxTokens}, overlap {overlap}, {wordCount} words";

            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
            foreach (var chunk in chunks)
            {
                Assert.Equal(counter.CountTokens(chunk.Text), chunk.TokenCount);
                bool singleWord = !chunk.Text.Any(char.IsWhiteSpace);
                Assert.True(chunk.TokenCount <= maxTokens || singleWord, $"{context}: chunk {chunk.Index} has {chunk.TokenCount} tokens: {chunk.Text}");
            }

            AssertEveryWordIsChunked(document, chunks, context);
            AssertChunksStayInTheirSection(document, chunks, context);
        }
    }

    [Theory]
    [MemberData(nameof(Counters))]
    public void Chunks_after_the_first_of_a_section_start_at_a_sentence_unless_it_exceeds_a_chunk(string counterName)
    {
        ITokenCounter counter = counterName == "words" ? WordTokenCounter.Instance : ApproximateTokenCounter.Instance;
        var random = new Random(counterName == "words" ? 4321 : 8765);
        int continuations = 0;
        for (int run = 0; run < 150; run++)
        {
            int maxTokens = random.Next(8, 160);
            int overlap = random.Next(1, maxTokens / 2 + 1);
            var document = RandomDocument(random, out var wordCount);
            var chunks = new StructuredChunker(counter, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlap }).Chunk(document);
            string context = $"run {run}, max {maxTokens}, overlap {overlap}, {wordCount} words";

            // Words are unique in these documents, so a word names its sentence and its place in it.
            var sentenceOf = new Dictionary<string, (int Position, string Sentence)>();
            foreach (var block in document.Blocks.Where(b => b.Kind is BlockKind.Paragraph or BlockKind.ListItem))
            {
                // As the chunker sees it: a list item with its marker.
                foreach (var sentence in TextSegmenter.Sentences(block.Kind == BlockKind.ListItem ? "- " + block.Text : block.Text))
                {
                    var words = TextSegmenter.Words(sentence).Where(w => w != "-").ToArray();
                    for (int i = 0; i < words.Length; i++)
                    {
                        sentenceOf[words[i]] = (i, sentence);
                    }
                }
            }

            for (int i = 1; i < chunks.Count; i++)
            {
                if (!chunks[i].HeadingPath.SequenceEqual(chunks[i - 1].HeadingPath))
                {
                    continue; // first chunk of its section
                }

                var first = TextSegmenter.Words(chunks[i].Text).FirstOrDefault(w => w != "-");
                if (first is null || !sentenceOf.TryGetValue(first, out var place))
                {
                    continue; // a table row or a line of code
                }

                continuations++;
                bool sentenceExceedsChunk = counter.CountTokens(place.Sentence) > maxTokens || TextSegmenter.Words(place.Sentence).Any(w => counter.CountTokens(w) > maxTokens);
                Assert.True(place.Position == 0 || sentenceExceedsChunk, $"{context}: chunk {chunks[i].Index} starts inside a sentence: '{chunks[i].Text[..Math.Min(80, chunks[i].Text.Length)]}' (sentence: '{place.Sentence}')");
            }
        }

        Assert.True(continuations > 100, $"only {continuations} continuation chunks were checked");
    }

    private static void AssertEveryWordIsChunked(ExtractedDocument document, IReadOnlyList<DocumentChunk> chunks, string context)
    {
        foreach (var block in document.Blocks)
        {
            var candidates = block.Kind == BlockKind.Heading
                ? chunks.SelectMany(c => c.HeadingPath.Append(c.Text))
                : chunks.Where(c => c.HeadingPath.SequenceEqual(block.HeadingPath)).Select(c => c.Text);
            var words = new HashSet<string>(candidates.SelectMany(TextSegmenter.Words));
            foreach (var word in TextSegmenter.Words(block.Text))
            {
                Assert.True(words.Contains(word), $"{context}: '{word}' of a {block.Kind} is in no chunk");
            }
        }
    }

    private static void AssertChunksStayInTheirSection(ExtractedDocument document, IReadOnlyList<DocumentChunk> chunks, string context)
    {
        foreach (var chunk in chunks)
        {
            // Content blocks of the chunk's section, or a heading standing alone in it.
            var sectionWords = new HashSet<string>(document.Blocks.Where(b => b.HeadingPath.SequenceEqual(chunk.HeadingPath)).SelectMany(b => TextSegmenter.Words(b.Text)));
            foreach (var word in TextSegmenter.Words(chunk.Text))
            {
                if (word is "-" or "|")
                {
                    continue; // list marker, table cell separator
                }

                Assert.True(sectionWords.Contains(word), $"{context}: chunk {chunk.Index} ({chunk.Breadcrumb}) holds '{word}' from another section");
            }
        }
    }

    private static ExtractedDocument RandomDocument(Random random, out int wordCount)
    {
        int counter = 0;
        string Word()
        {
            counter++;
            return random.Next(40) == 0 ? "long" + new string('x', random.Next(20, 300)) + counter : "w" + counter;
        }

        string Sentence()
        {
            var sb = new StringBuilder();
            int words = random.Next(1, random.Next(10) == 0 ? 80 : 15);
            for (int i = 0; i < words; i++)
            {
                sb.Append(i == 0 ? string.Empty : " ").Append(Word());
            }

            return sb.Append(random.Next(6) == 0 ? string.Empty : ".").ToString();
        }

        var blocks = new List<DocumentBlock>();
        var open = new List<(int Level, string Text)>();
        int count = random.Next(1, 30);
        for (int b = 0; b < count; b++)
        {
            var path = open.Select(h => h.Text).ToArray();
            switch (random.Next(8))
            {
                case 0:
                {
                    int level = random.Next(1, 4);
                    while (open.Count > 0 && open[^1].Level >= level)
                    {
                        open.RemoveAt(open.Count - 1);
                    }

                    string text = "Heading " + Word();
                    blocks.Add(new DocumentBlock(BlockKind.Heading, text, open.Select(h => h.Text).ToArray(), level));
                    open.Add((level, text));
                    break;
                }

                case 1:
                    blocks.Add(new DocumentBlock(BlockKind.ListItem, Sentence(), path));
                    break;
                case 2:
                {
                    int columns = random.Next(1, 5);
                    var rows = Enumerable.Range(0, random.Next(1, 40)).Select(_ => string.Join(" | ", Enumerable.Range(0, columns).Select(_ => Word())));
                    blocks.Add(new DocumentBlock(BlockKind.Table, string.Join("\n", rows), path));
                    break;
                }

                case 3:
                {
                    int first = random.Next(1, 500);
                    var lines = Enumerable.Range(0, random.Next(1, 60)).Select(_ => random.Next(8) == 0 ? string.Empty : "    " + Word() + "(" + Word() + ");").ToList();
                    lines[0] = lines[0].Length == 0 ? "start" + Word() : lines[0];
                    blocks.Add(new DocumentBlock(BlockKind.Code, string.Join("\n", lines), path, StartLine: first, EndLine: first + lines.Count - 1));
                    break;
                }

                default:
                    blocks.Add(new DocumentBlock(BlockKind.Paragraph, string.Join(" ", Enumerable.Range(0, random.Next(1, 12)).Select(_ => Sentence())), path, Page: random.Next(1, 9)));
                    break;
            }
        }

        wordCount = counter;
        return new ExtractedDocument("text/plain", null, blocks);
    }
}
