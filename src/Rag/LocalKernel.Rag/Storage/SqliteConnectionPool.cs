using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace LocalKernel.Rag;

/// <summary>
/// Read connections of one store. Owned here rather than by Microsoft.Data.Sqlite's global pool so that
/// disposing the store really closes the file (tests delete it; Windows would refuse otherwise).
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var connection))
        {
            connection = new SqliteConnection(connectionString);
            connection.Open();
        }

        return new Lease(this, connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private void Return(SqliteConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        _idle.Add(connection);

        // A connection returned while Dispose ran would otherwise stay open.
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    /// <summary>A rented connection; disposing it gives it back.</summary>
    internal readonly struct Lease(SqliteConnectionPool pool, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public void Dispose() => pool.Return(Connection);
    }
}
