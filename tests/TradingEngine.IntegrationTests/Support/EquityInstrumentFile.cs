namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// An instrument registry with US equities (4 decimals, New York regular hours) under symbols of the test's own,
/// so end-to-end tests that share a nats-server never see each other's ticks.
/// </summary>
public static class EquityInstrumentFile
{
    /// <summary>Writes <c>instruments.yaml</c> with <paramref name="symbol"/> into <paramref name="directory"/> and returns its path.</summary>
    public static Task<string> WriteAsync(string directory, string symbol, CancellationToken ct) => WriteAsync(directory, [symbol], ct);

    /// <summary>Writes <c>instruments.yaml</c> with every one of <paramref name="symbols"/> into <paramref name="directory"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(string directory, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var path = Path.Combine(directory, "instruments.yaml");
        await File.WriteAllTextAsync(path, """
            unknown_symbols: reject
            sessions:
              us_equities:
                time_zone: America/New_York
                open: "09:30"
                close: "16:00"
                anchor: "09:30"
            instruments:

            """ + string.Concat(symbols.Select(symbol => $"""
              - symbol: {symbol}
                tick_size: 0.0001
                price_precision: 4
                size_precision: 0
                point_value: 1
                currency: USD
                session: us_equities

            """)), ct);
        return path;
    }
}
