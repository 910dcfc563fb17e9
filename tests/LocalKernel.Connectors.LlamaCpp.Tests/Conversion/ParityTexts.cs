namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>Varied inputs for embedding parity: short and long, questions and statements, numbers, code,
/// punctuation, accents and other scripts, casing, repeated words and near-empty text.</summary>
internal static class ParityTexts
{
    public static readonly string[] All =
    [
        "hello", "Hello, world!", "a", "?", "The quick brown fox jumps over the lazy dog.",
        "How do I turn on the CUDA backend?", "What is the capital of France?", "Paris is the capital and largest city of France.",
        "Vitamin D deficiency is associated with an increased risk of fractures in elderly patients.",
        "The patients were randomised into two groups of 120 each; the primary end point was mortality at 30 days.",
        "BRCA1 mutations increase the lifetime risk of breast and ovarian cancer.",
        "Mitochondrial dysfunction contributes to neurodegeneration in Parkinson's disease.",
        "int main(void) { return 0; }", "SELECT name, age FROM users WHERE age > 30 ORDER BY name;",
        "dotnet run --project samples/KnowledgeBase -- ask \"question\"", "https://example.org/path?query=1&x=2",
        "e-mail: someone@example.com, phone +1 (555) 010-0199", "3.14159 2.71828 1.41421 42 1000000",
        "Café, naïve, façade, résumé, jalapeño, Ångström", "Zürich und München liegen in Mitteleuropa.",
        "Москва — столица России.", "東京は日本の首都です。", "北京是中国的首都。", "Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
        "emoji 🙂 and symbols ©®™ §¶ • … — –", "ALL CAPS SENTENCE ABOUT MEMORY LIMITS", "mIxEd CaSe TeXt",
        "the the the the the the the the", "don't won't can't isn't it's they're we've",
        "Tabs\tand\nnew\nlines\r\nand   multiple   spaces", "   leading and trailing spaces   ",
        "A short question?", "Why does the sky look blue during the day and red at sunset?",
        "Rayleigh scattering affects shorter wavelengths more strongly than longer ones.",
        "The model file is validated in managed code before llama.cpp sees it.",
        "Embeddings map text to vectors so that similar meanings are close together.",
        "unbelievably antidisestablishmentarianism pseudopseudohypoparathyroidism",
        "x = (a + b) * c / d - e^2; if (x >= 0) y++;", "[CLS] [SEP] [MASK] are written as plain text here",
        "C# and F# run on .NET; C++ compiles natively.", "1st 2nd 3rd 4th 21st century",
        "The Eiffel Tower was completed in 1889 for the World's Fair.",
        "Photosynthesis converts light energy into chemical energy stored in glucose.",
        "Interleukin-6 levels were elevated (p < 0.001) compared with controls.",
        "No significant difference was observed between the treatment and placebo arms.",
        "GPU offloading moves layers of the model to the graphics card's memory.",
        "A knowledge base answers questions from your own documents with citations.",
        "What happens if the model does not fit in memory?", "Exit code 3 means the model or context does not fit.",
        "The chunker splits documents at headings and keeps tables whole where they fit.",
        "Reciprocal rank fusion combines the rankings of BM25 and vector search.",
        "Dogs are loyal companions; cats are independent.", "I love programming in the evening with a cup of tea.",
        string.Join(' ', Enumerable.Repeat("Long input made of a repeated sentence about retrieval quality.", 18)),
        "Smoking is the leading preventable cause of lung cancer worldwide.",
        "Antibiotic resistance is rising because of overuse in medicine and agriculture.",
        "¿Dónde está la biblioteca? Está al lado del museo.",
    ];
}
