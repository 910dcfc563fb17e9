namespace LocalKernel.Rag.Code.Tests;

/// <summary>
/// A small repository made on disk for each test: C#, Python, TypeScript, Go, Rust and shell sources, a Markdown doc,
/// a .gitignore (and .git/info/exclude), an ignored folder, a vendored folder, a binary file, a symbolic link that
/// points out of the root, and a secret file beside the root for the links and paths to aim at.
/// </summary>
public sealed class FixtureRepository : IDisposable
{
    public FixtureRepository()
    {
        Parent = Directory.CreateTempSubdirectory("lk-code-").FullName;
        Root = Path.Combine(Parent, "repo");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Parent, "secret.txt"), "TOP-SECRET outside the repository\n");
        Write(".gitignore", "build-output/\n*.log\n");
        Write(".git/info/exclude", "local-notes.md\n");
        Write(".git/config", "[core]\n\ttoken = should-never-be-read\n");
        Write("src/Validation/ModelFileValidator.cs", """
            using System;
            using System.IO;

            namespace Sample.Validation;

            /// <summary>Validates a GGUF model file before it is loaded.</summary>
            public sealed class ModelFileValidator
            {
                private const uint Magic = 0x46554747;

                /// <summary>Checks the magic number and the version of the header.</summary>
                public static void ValidateHeader(Stream stream)
                {
                    Span<byte> header = stackalloc byte[8];
                    stream.ReadExactly(header);
                    if (BitConverter.ToUInt32(header) != Magic)
                    {
                        throw new InvalidDataException("not a GGUF file");
                    }
                }

                public int MaxTensorCount { get; init; } = 65536;
            }
            """);
        Write("src/Loading/ModelLoader.cs", """
            namespace Sample.Loading;

            public static class ModelLoader
            {
                public static object Load(string path)
                {
                    using var stream = System.IO.File.OpenRead(path);
                    Sample.Validation.ModelFileValidator.ValidateHeader(stream);
                    return new object();
                }
            }
            """);
        Write("tools/tokenize.py", """
            import sys


            # Splits text into word pieces for the tokenizer tests.
            def split_words(text):
                return text.split()


            class Vocabulary:
                def __init__(self, words):
                    self.words = words

                def lookup(self, word):
                    return self.words.index(word)
            """);
        Write("web/client.ts", """
            export interface ChatRequest {
              prompt: string;
            }

            export async function sendChatRequest(request: ChatRequest): Promise<string> {
              const response = await fetch("/v1/chat", { method: "POST", body: JSON.stringify(request) });
              return response.text();
            }
            """);
        Write("cmd/server/main.go", """
            package main

            import "fmt"

            // StartServer listens for embedding requests.
            func StartServer(port int) {
            	fmt.Println("listening", port)
            }

            func main() {
            	StartServer(8080)
            }
            """);
        Write("native/quantize.rs", """
            /// Quantizes a block of weights to 8 bits.
            pub fn quantize_block(values: &[f32]) -> Vec<i8> {
                values.iter().map(|v| (*v * 127.0) as i8).collect()
            }
            """);
        Write("scripts/build.sh", "#!/usr/bin/env bash\nset -e\n\nbuild_native() {\n  echo building\n}\n\nbuild_native\n");
        Write("docs/overview.md", "# Overview\n\nThe sample loads GGUF models after validating their header.\n\n## Quantization\n\nWeights are quantized block by block.\n");
        Write("build-output/Generated.cs", "public class ShouldBeIgnored { }\n");
        Write("debug.log", "ignored log line\n");
        Write("local-notes.md", "excluded by .git/info/exclude\n");
        Write("node_modules/left-pad/index.js", "module.exports = function leftPad() {};\n");
        File.WriteAllBytes(Path.Combine(Root, "assets", "logo.cs").EnsureFolder(), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x00, 0x41]);
        File.CreateSymbolicLink(Path.Combine(Root, "escape.txt"), Path.Combine(Parent, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "outside"), Parent);
    }

    public string Parent { get; }

    public string Root { get; }

    public void Write(string relativePath, string text) => File.WriteAllText(Path.Combine(Root, relativePath).EnsureFolder(), text.ReplaceLineEndings("\n") + (text.EndsWith('\n') ? "" : "\n"));

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Parent, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class PathExtensions
{
    public static string EnsureFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
