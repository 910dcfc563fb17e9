namespace LocalKernel.Rag.PostgreSql.Tests;

/// <summary>A test class whose tests work in a schema of their own on the test server, dropped after each test.</summary>
public abstract class PostgresSchemaScope : IAsyncLifetime
{
    /// <summary>The schema's name, unique to this test.</summary>
    protected string Schema { get; } = TestPostgres.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(Schema);
}
