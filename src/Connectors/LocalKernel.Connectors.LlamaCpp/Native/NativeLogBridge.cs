using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Routes llama.cpp's and ggml's log (llama_log_set sets both) to an <see cref="ILogger"/>. Without a
/// callback about a thousand lines per model load go to stderr. Lines arrive in pieces: level 5 (CONT)
/// continues the previous line, so text is buffered per thread until a newline. The last error or
/// warning line of each thread is kept so that a failed call can say why in its exception.
/// </summary>
internal static partial class NativeLogBridge
{
    private const int LevelDebug = 1, LevelInfo = 2, LevelWarn = 3, LevelError = 4, LevelContinue = 5;

    private static ILogger s_logger = NullLogger.Instance;

    [ThreadStatic] private static StringBuilder? t_line;
    [ThreadStatic] private static int t_lineLevel;
    [ThreadStatic] private static string? t_lastProblem;

    /// <summary>Installs the callback (once, when the libraries load).</summary>
    public static unsafe void Install(ILogger logger)
    {
        SetLogger(logger);
        NativeMethods.llama_log_set(&OnLog, IntPtr.Zero);
    }

    /// <summary>Routes the native log to another logger.</summary>
    public static void SetLogger(ILogger logger) => Volatile.Write(ref s_logger, logger);

    /// <summary>Returns and forgets the last warning or error llama.cpp logged on this thread.</summary>
    public static string? TakeLastProblem()
    {
        var problem = t_lastProblem;
        t_lastProblem = null;
        return problem;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, IntPtr text, IntPtr userData)
    {
        try
        {
            var piece = Marshal.PtrToStringUTF8(text) ?? string.Empty;
            var line = t_line ??= new StringBuilder();
            if (level != LevelContinue)
            {
                Flush(line);
                t_lineLevel = level;
            }

            line.Append(piece);
            if (piece.EndsWith('\n'))
            {
                Flush(line);
            }
        }
        catch
        {
            // An exception must never unwind into native code.
        }
    }

    private static void Flush(StringBuilder line)
    {
        if (line.Length == 0)
        {
            return;
        }

        var message = line.ToString().TrimEnd();
        line.Clear();
        if (t_lineLevel is LevelWarn or LevelError)
        {
            t_lastProblem = message;
        }

        var logger = Volatile.Read(ref s_logger);
        switch (t_lineLevel)
        {
            case LevelError: LogError(logger, message); break;
            case LevelWarn: LogWarning(logger, message); break;
            case LevelDebug: LogDebug(logger, message); break;
            default: LogInfo(logger, message); break;
        }
    }

    // llama.cpp's INFO level is a model-load transcript: Debug here, so a default Information logger stays quiet.
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "llama.cpp: {Message}")]
    private static partial void LogError(ILogger logger, string message);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "llama.cpp: {Message}")]
    private static partial void LogWarning(ILogger logger, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "llama.cpp: {Message}")]
    private static partial void LogInfo(ILogger logger, string message);

    [LoggerMessage(EventId = 4, Level = LogLevel.Trace, Message = "llama.cpp: {Message}")]
    private static partial void LogDebug(ILogger logger, string message);
}
