using System.CommandLine;
using System.Diagnostics;
using System.IO.Hashing;
using TradingEngine.Engine.Simulation;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te replay</c>: runs recorded or generated input through the engine and prints event counts, throughput
/// and a hash of the output stream, so anyone can check that two runs agree.
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var synthetic = new Option<bool>("--synthetic") { Description = "replay the embedded seeded synthetic session (no files, network or database)" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the synthetic session", DefaultValueFactory = _ => new SyntheticSessionOptions().Seed };
        var ticks = new Option<int>("--ticks") { Description = "number of trades in the synthetic session", DefaultValueFactory = _ => new SyntheticSessionOptions().TickCount };
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "pipeline YAML to run the input through" };
        var command = new Command("replay", "replay input through the engine and print counts and the output hash")
        {
            synthetic, seed, ticks, pipeline,
        };
        command.SetAction(result =>
        {
            if (!result.GetValue(synthetic))
            {
                Console.Error.WriteLine("te replay: give an input: --synthetic");
                return 2;
            }
            var options = new SyntheticSessionOptions { Seed = result.GetValue(seed), TickCount = result.GetValue(ticks) };
            var summary = ReplaySynthetic(options);
            summary.Print(Console.Out);
            return 0;
        });
        return command;
    }

    public static ReplaySummary ReplaySynthetic(SyntheticSessionOptions options)
    {
        var symbols = new SymbolRegistry();
        var session = new SyntheticSession(options, symbols.GetOrAdd(options.Symbol));
        var hash = new XxHash64();
        Span<byte> record = stackalloc byte[64];
        long tickCount = 0, timerCount = 0;
        var stopwatch = Stopwatch.StartNew();
        while (session.TryNext(out var evt))
        {
            switch (evt.Kind)
            {
                case MarketEventKind.Tick:
                    tickCount++;
                    break;
                case MarketEventKind.Timer:
                    timerCount++;
                    break;
            }
            var n = OutputRecord.Write(in evt, record);
            hash.Append(record[..n]);
        }
        stopwatch.Stop();
        return new ReplaySummary(
            $"synthetic {options.Symbol} session (seed {options.Seed})",
            tickCount + timerCount, tickCount, timerCount, stopwatch.Elapsed, hash.GetCurrentHashAsUInt64());
    }
}
