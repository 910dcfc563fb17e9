using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace LocalKernel.Rag;

/// <summary>
/// Turns text into what the keyword index holds when the store stems words itself (Snowball English): the words as
/// FTS5's unicode61 tokenizer would split them, lower-cased and stemmed, joined by spaces. FTS5 has no Snowball
/// stemmer of its own, and a custom FTS5 tokenizer cannot be registered through Microsoft.Data.Sqlite, so both the
/// indexed text and the queries are stemmed here with Lucene.Net's Snowball port (Porter2 is a page of suffix
/// rules that is easy to get subtly wrong by hand).
/// </summary>
internal sealed class KeywordAnalyzer
{
    // The Snowball stemmer keeps its state in the instance; one per thread avoids both locking and allocation.
    [ThreadStatic]
    private static EnglishStemmer? t_stemmer;

    private KeywordAnalyzer(KeywordStemming stemming) => Stemming = stemming;

    /// <summary>The FTS5 tokenizer stems (Porter) or nothing stems: text goes to FTS5 as it is.</summary>
    public static KeywordAnalyzer PassThrough(KeywordStemming stemming) => new(stemming);

    /// <summary>Snowball English, done here.</summary>
    public static KeywordAnalyzer SnowballEnglish { get; } = new(KeywordStemming.SnowballEnglish);

    public KeywordStemming Stemming { get; }

    /// <summary>Whether this library stems the text (and so queries must be stemmed the same way).</summary>
    public bool StemsText => Stemming == KeywordStemming.SnowballEnglish;

    /// <summary>The index form of a text (for FTS5 rows): stemmed words when this analyzer stems, else the text unchanged.</summary>
    public string IndexText(string text)
    {
        if (!StemsText)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var word in QueryTerms.Extract(text, dropStopWords: false, int.MaxValue, distinct: false))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Stem(word));
        }

        return sb.ToString();
    }

    /// <summary>The index form of one lower-cased query word.</summary>
    public string IndexTerm(string word) => StemsText ? Stem(word) : word;

    /// <summary>The Snowball English stem of a lower-cased word.</summary>
    public static string Stem(string word)
    {
        var stemmer = t_stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
