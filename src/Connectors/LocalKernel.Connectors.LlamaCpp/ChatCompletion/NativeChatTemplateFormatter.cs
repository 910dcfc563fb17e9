using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// The fallback formatter: llama.cpp's built-in <c>llama_chat_apply_template</c>, which recognises the
/// common template families by their text (or takes a built-in name such as "chatml"). Used for models
/// without a Jinja template. Tools are not rendered by this path.
/// </summary>
internal sealed unsafe class NativeChatTemplateFormatter(string template) : IChatPromptFormatter
{
    /// <summary>The template llama-server falls back to when a model has none.</summary>
    public const string DefaultTemplate = "chatml";

    public string Format(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var strings = new List<IntPtr>();
        try
        {
            var native = new llama_chat_message[messages.Count];
            for (int i = 0; i < messages.Count; i++)
            {
                native[i].role = Utf8(messages[i].Role.Value, strings);
                native[i].content = Utf8(messages[i].Text, strings);
            }

            var templateBytes = Encoding.UTF8.GetBytes(template + "\0");
            int capacity = Math.Max(1024, messages.Sum(m => m.Text.Length * 2 + 64));
            fixed (byte* t = templateBytes)
            fixed (llama_chat_message* m = native)
            {
                while (true)
                {
                    var buffer = new byte[capacity];
                    fixed (byte* b = buffer)
                    {
                        int n = NativeMethods.llama_chat_apply_template(t, m, (nuint)native.Length, true, b, buffer.Length);
                        if (n < 0)
                        {
                            throw new ArgumentException("llama.cpp does not know this chat template; the model needs a Jinja template or a known family.");
                        }

                        if (n <= buffer.Length)
                        {
                            return Encoding.UTF8.GetString(buffer, 0, n);
                        }

                        capacity = n; // "call twice to size the buffer"
                    }
                }
            }
        }
        finally
        {
            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private static IntPtr Utf8(string text, List<IntPtr> owned)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        owned.Add(pointer);
        return pointer;
    }
}
