using Npgsql;

namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>How --store text is told apart and normalised; no server needed.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Database=kb", true)]
    [InlineData("server=db; database=kb", true)]
    [InlineData("postgres://kb@db/kb", true)]
    [InlineData("POSTGRESQL://db", true)]
    [InlineData("kb.db", false)]
    [InlineData("/data/Host=x/kb.db", false)]
    [InlineData("", false)]
    public void IsPostgres_tells_connection_strings_from_file_paths(string value, bool expected) =>
        Assert.Equal(expected, PostgresConnectionString.IsPostgres(value));

    [Fact]
    public void A_uri_becomes_keywords_with_escaped_credentials_port_database_and_ssl_mode()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("postgres://team%40kb:p%3Ass%2Fw@db.example:6543/knowledge?sslmode=require"));
        Assert.Equal(("db.example", 6543, "team@kb", "p:ss/w", "knowledge", SslMode.Require), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
    }

    [Fact]
    public void Invalid_text_is_an_argument_error_that_does_not_repeat_the_password()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Normalize("Host=db;Password=hunter2;Nonsense Key=1"));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.Normalize("postgres://db/kb?no_such_option=1"));
        Assert.Equal("PostgreSQL db:5432/kb", PostgresConnectionString.Describe("Host=db;Database=kb;Password=hunter2"));
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("a\"; DROP SCHEMA x; --")]
    [InlineData("1abc")]
    public async Task Schema_names_that_are_not_plain_identifiers_are_refused_before_connecting(string schema)
    {
        // Port 1: nothing listens there, so reaching the server would be a different error.
        await Assert.ThrowsAsync<ArgumentException>(() => PostgresDocumentStore.OpenAsync("Host=127.0.0.1;Port=1;Database=x", null, new PostgresDocumentStoreOptions { Schema = schema }));
    }
}
