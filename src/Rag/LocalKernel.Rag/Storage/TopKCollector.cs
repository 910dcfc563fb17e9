namespace LocalKernel.Rag;

/// <summary>
/// Keeps the <c>k</c> highest-scoring rows seen so far in a min-heap: after the first k rows a new row
/// costs one comparison against <see cref="Threshold"/>, which is what keeps a full scan memory-bound.
/// </summary>
internal sealed class TopKCollector
{
    private readonly float[] _scores;
    private readonly int[] _rows;
    private int _count;

    public TopKCollector(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _scores = new float[capacity];
        _rows = new int[capacity];
    }

    public int Count => _count;

    /// <summary>The score a row must beat to enter; -infinity until the heap is full.</summary>
    public float Threshold => _count < _scores.Length ? float.NegativeInfinity : _scores[0];

    public void Add(float score, int row)
    {
        if (_count < _scores.Length)
        {
            int i = _count++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
        }
        else if (score > _scores[0])
        {
            _scores[0] = score;
            _rows[0] = row;
            SiftDown(0);
        }
    }

    public void AddFrom(TopKCollector other)
    {
        for (int i = 0; i < other._count; i++)
        {
            Add(other._scores[i], other._rows[i]);
        }
    }

    /// <summary>The collected rows, best first (ties by lower row, so results are deterministic).</summary>
    public (int Row, float Score)[] ToSortedArray()
    {
        var result = new (int Row, float Score)[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = (_rows[i], _scores[i]);
        }

        Array.Sort(result, static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Row.CompareTo(b.Row));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_scores[parent] <= _scores[i])
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= _count)
            {
                return;
            }

            int smallest = left + 1 < _count && _scores[left + 1] < _scores[left] ? left + 1 : left;
            if (_scores[i] <= _scores[smallest])
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
