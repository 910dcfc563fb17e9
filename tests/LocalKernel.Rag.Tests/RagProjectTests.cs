namespace LocalKernel.Rag.Tests;

public class RagProjectTests
{
    [Fact]
    public void Sqlite_with_fts5_is_available()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE t USING fts5(body); INSERT INTO t VALUES ('local private offline'); SELECT count(*) FROM t WHERE t MATCH 'private';";
        Assert.Equal(1L, (long)command.ExecuteScalar()!);
    }
}
