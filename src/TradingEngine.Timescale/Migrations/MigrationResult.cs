namespace TradingEngine.Timescale.Migrations;

/// <summary>What <see cref="SchemaMigrator"/> did: the versions it applied now (empty when the schema was current).</summary>
public sealed record MigrationResult(IReadOnlyList<int> Applied, int CurrentVersion, bool TimescaleDb);
