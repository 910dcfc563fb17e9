using Npgsql;

namespace LocalKernel.KnowledgeBase.Tests;

/// <summary>The test PostgreSQL server for kb runs: a store per test in a schema of its own (kb's <c>Search Path</c>).</summary>
internal static class KbPostgres
{
    /// <summary>The server's connection string; a skip without one, a failure where CI requires the server.</summary>
    public static string Require()
    {
        var server = Environment.GetEnvironmentVariable("LOCALKERNEL_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            const string Reason = "No PostgreSQL server: set LOCALKERNEL_TEST_POSTGRES (.ci/postgres.sh provisions one).";
            Assert.False(Environment.GetEnvironmentVariable("LOCALKERNEL_TEST_POSTGRES_REQUIRED") == "1", Reason);
            Skip.If(true, Reason);
        }

        return server!;
    }

    /// <summary>A new schema name and the <c>--store</c> value that puts kb's store in it.</summary>
    public static (string Schema, string Store) NewStore(string server)
    {
        var schema = "kb_" + Guid.NewGuid().ToString("N")[..12];
        return (schema, new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString);
    }

    public static async Task<long> ScalarAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task DropAsync(string server, string schema)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
