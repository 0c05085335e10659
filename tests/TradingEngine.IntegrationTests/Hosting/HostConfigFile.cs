using TradingEngine.Engine.Runtime;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// The <c>engine.yaml</c> of the host tests (isolation, stalled output server, allocation): blocking rings (input of
/// the test's size, output of 4,096), no counter log, one executor per entry owning one symbol.
/// </summary>
internal static class HostConfigFile
{
    /// <summary>Writes <c>engine.yaml</c> into <paramref name="directory"/> and loads it.</summary>
    public static async Task<EngineConfig> WriteAsync(string directory, string instruments, int inputRingSize,
        IReadOnlyList<(string Name, string Symbol, string Pipeline)> executors, CancellationToken ct)
    {
        var path = Path.Combine(directory, "engine.yaml");
        await File.WriteAllTextAsync(path, $"""
            instruments: {instruments}
            input_ring:
              size: {inputRingSize}
              wait: blocking
            output_ring:
              size: 4096
              wait: blocking
            counters_interval_seconds: 0
            executors:

            """ + string.Concat(executors.Select(e => $"""
              - name: {e.Name}
                symbols:
                  - symbol: {e.Symbol}
                    pipeline: {e.Pipeline}

            """)), ct);
        return EngineConfigLoader.LoadFile(path);
    }
}
