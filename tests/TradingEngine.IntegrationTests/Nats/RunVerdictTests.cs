using NATS.Client.Core;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// <c>te run</c>'s last word (issue 19, item 6): a summary of input received, accepted and refused by reason, and a
/// non-zero exit naming the likely cause when input came and nothing useful came of it. Real te processes on a
/// nats-server of their own.
/// </summary>
public sealed class RunVerdictTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Symbol = "SPY";

    [Fact]
    public async Task Input_all_rejected_exits_1_naming_the_reason()
    {
        var (rc, output) = await RunWithAsync(i => Tick($"2013-10-08T14:00:00.{i + 1:D3}Z", "-1"));
        Assert.True(rc == 1, output);
        Assert.Contains("every one of the 12 input events was rejected (most: NegativePrice 12)", output, StringComparison.Ordinal);
        Assert.Contains("te run: summary: input 12 received, 0 accepted, 12 rejected (NegativePrice 12)", output, StringComparison.Ordinal);
        // the first examples: receive time, subject and the decoder's detail, three of them
        var examples = output.Split('\n').Single(l => l.StartsWith("te run:   rejected NegativePrice: 12; first: ", StringComparison.Ordinal));
        Assert.Equal(3, examples.Split(" ticks.raw.SPY: ").Length - 1);
    }

    [Fact]
    public async Task Accepted_input_that_gives_no_output_exits_1_naming_the_likely_cause()
    {
        // 03:00Z is 23:00 in New York: outside the pipeline's 09:30-16:00 session, so no node sees these trades
        var (rc, output) = await RunWithAsync(i => Tick($"2013-10-08T03:00:00.{i + 1:D3}Z", "167.42"));
        Assert.True(rc == 1, output);
        Assert.Contains("12 accepted input events gave no output; likely cause: 12 events outside the pipeline's session", output, StringComparison.Ordinal);
        Assert.Contains("te run:   outside session (in no candle of the pipeline's session): 12; first: 2013-10-08T03:00:00.001", output, StringComparison.Ordinal);
        Assert.Contains("2013-10-08T03:00:00.002", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_that_gives_output_exits_0_with_the_summary()
    {
        var (rc, output) = await RunWithAsync(i => Tick($"2013-10-08T14:00:00.{i + 1:D3}Z", "167.42"));
        Assert.True(rc == 0, output);
        Assert.Contains("te run: summary: input 12 received, 12 accepted, 0 rejected,", output, StringComparison.Ordinal);
    }

    private static string Tick(string time, string price) =>
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{Symbol}}}","timestamp":"{{{time}}}","timeframe":null,"data":{"price":{{{price}}},"size":100}}""";

    private static async Task<(int ExitCode, string Output)> RunWithAsync(Func<int, string> message)
    {
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        var dir = Directory.CreateTempSubdirectory("te-verdict-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, Symbol, Ct);
            var pipeline = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipeline, KillAndRecoverTests.Pipeline, Ct);
            using var run = TeChildProcess.Start(
            [
                "run", "--pipeline", pipeline, "--instruments", instruments, "--symbols", Symbol, "--journal", Path.Combine(dir, "journal"),
                "--nats", server.Url, "--stats-interval", "0", "--duration", "6",
            ]);
            await Eventually.TrueAsync(() => run.Output.Contains("te run: SPY on", StringComparison.Ordinal) || run.HasExited,
                TimeSpan.FromSeconds(60), () => $"te run did not start:\n{run.Output}");
            await using (var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-verdict-test" }.ToNatsOpts()))
            {
                for (var i = 0; i < 12; i++)
                    await client.PublishAsync(NatsSubjects.TicksRaw(Symbol), NatsInputSamples.Utf8(message(i)), cancellationToken: Ct);
                await client.PingAsync(Ct);
            }
            var rc = run.WaitForExit(TimeSpan.FromSeconds(60));
            return (rc, run.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
