using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Serves many generations over one model and one context, like llama-server's slots: every active
/// sequence contributes to each <c>llama_decode</c> (continuous batching), requests beyond the slot count
/// wait in a FIFO queue, and a new request starts in the free slot whose cached tokens share the longest
/// prefix with its prompt, so a continued conversation reuses its KV cache instead of decoding it again.
/// One dedicated thread owns the context; callers only enqueue and read their channel. Thread-safe.
/// </summary>
internal sealed partial class LlamaScheduler : IDisposable
{
    private readonly LlamaContext _context;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly SequenceSlot[] _slots;
    private readonly ConcurrentQueue<GenerationRequest> _waiting = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly TimeSpan _textInterval;
    private volatile bool _disposed;
    private long _tick;

    /// <param name="model">The model.</param>
    /// <param name="sequenceContextSize">Most tokens (prompt + output) of one sequence.</param>
    /// <param name="parallelSequences">Sequences decoded together.</param>
    /// <param name="batchSize">Most tokens per llama_decode.</param>
    /// <param name="threads">CPU threads, fixed; null = adaptive (<see cref="LlamaThreading"/>).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="textInterval">Shortest time between two hand-overs of generated text to a reader (<see cref="PendingText"/>).</param>
    public LlamaScheduler(LlamaModel model, int sequenceContextSize, int parallelSequences, int batchSize, int? threads, ILogger logger,
        TimeSpan? textInterval = null)
    {
        _textInterval = textInterval ?? PendingText.DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceContextSize, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelSequences, 1);
        _logger = logger;
        SequenceContextSize = sequenceContextSize;
        _context = new LlamaContext(model, new LlamaContextOptions
        {
            // One pool shared by all slots; each slot is capped at SequenceContextSize by this class.
            ContextSize = sequenceContextSize * parallelSequences,
            MaxSequences = parallelSequences,
            UnifiedKvCache = true,
            BatchSize = batchSize,
            Threads = threads,
        });
        _batch = SafeLlamaBatchHandle.Create(_context.BatchSize);
        _slots = Enumerable.Range(0, parallelSequences).Select(i => new SequenceSlot(i)).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "LocalKernel llama.cpp scheduler" };
        _thread.Start();
    }

    /// <summary>Most tokens of one sequence (prompt and output together).</summary>
    public int SequenceContextSize { get; }

    public int ParallelSequences => _slots.Length;

    public LlamaModel Model => _context.Model;

    /// <summary>Threads of the last decode (benchmarks watch the adaptive rule with it).</summary>
    public int LastDecodeThreads => _context.Threads;

    /// <summary>Queues a request; read its <see cref="GenerationRequest.Events"/>.</summary>
    /// <exception cref="ObjectDisposedException">The scheduler is disposed.</exception>
    /// <exception cref="LlamaException">The prompt leaves no room in a sequence (<see cref="LlamaStatus.ContextOverflow"/>).</exception>
    public void Submit(GenerationRequest request)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.Prompt.Length == 0)
        {
            throw new ArgumentException("The prompt has no tokens.", nameof(request));
        }

        if (request.Prompt.Length >= SequenceContextSize)
        {
            throw new LlamaException(LlamaStatus.ContextOverflow,
                $"The prompt has {request.Prompt.Length} tokens but the context holds {SequenceContextSize} per sequence (and at least one token must be generated).");
        }

        _waiting.Enqueue(request);
        _wake.Release();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Release();
        _thread.Join();
        foreach (var slot in _slots.Where(s => s.IsBusy))
        {
            Fail(slot, new ObjectDisposedException(nameof(LlamaScheduler)));
        }

        while (_waiting.TryDequeue(out var request))
        {
            request.Events.Writer.TryComplete(new ObjectDisposedException(nameof(LlamaScheduler)));
        }

        _batch.Dispose();
        _context.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_disposed)
        {
            Admit();
            if (!_slots.Any(s => s.IsBusy))
            {
                _wake.Wait();
                continue;
            }

            try
            {
                DropCancelled();
                if (BuildBatch())
                {
                    if (_batch.Batch.n_tokens - _draftTokensInBatch > _slots.Length)
                    {
                        HandOverPendingText(); // prompt tokens make this decode long
                    }

                    long started = Stopwatch.GetTimestamp();
                    _context.Decode(_batch);
                    RecordDecodeTime(started);
                    SampleOutputs();
                    RecordDraftRate();
                }
            }
            catch (Exception e)
            {
                // A failed decode (or a bug) ends the requests in flight, never the thread: later requests still run.
                LogDecodeFailed(_logger, e.Message);
                foreach (var slot in _slots.Where(s => s.IsBusy))
                {
                    Fail(slot, e);
                }
            }
        }
    }
}
