using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Observability;

/// <summary><c>te run --latency-sample-every N</c>: the sampling interval is a power of two, refused before anything starts otherwise.</summary>
public sealed class LatencySampleOptionTests
{
    [Fact]
    public async Task Te_run_refuses_a_sampling_interval_that_is_not_a_power_of_two()
    {
        var pipeline = Path.Combine(TestData.RepositoryRoot(), "pipelines", "es_futures.yaml");
        var result = await TeProcess.RunAsync(["run", "--pipeline", pipeline, "--symbols", "ES", "--latency-sample-every", "12", "--duration", "1"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--latency-sample-every 12: expected a power of two", result.Error, StringComparison.Ordinal);
    }
}
