using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>scale</c> suite (issue 25): the same symbols (--symbols, 4) split over 1, 2 and 4 executor groups
/// (--processes), each group a <c>te serve executor</c> process on one nats-server with JetStream. Each symbol gets the
/// same real SPY trades (--ticks each; us_equity.yaml). The ticks are put into the groups' streams first (the executors
/// started once to create streams and durables, then stopped), then the executors are started again and the rate is
/// what they journal, run and ack together: acked ticks / seconds, from the first ack seen to the last (start-up left
/// out), polling the durables every 20 ms. Rounds alternate the order of the configurations. On a 2-core box, more
/// processes than cores compete for them: the figures say what one box gives, not what N machines give
/// (docs/scaling.md, "Scaling model").
/// </summary>
public sealed class ScaleSuite : ISuite
{
    public string Name => "scale";

    public string Description => "te serve executor processes (1, 2, 4 groups over the same symbols) on one nats-server: ticks/s journaled, run and acked";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var perSymbol = (int)options.Int("--ticks", quick ? 20_000 : 100_000);
        var symbolCount = (int)options.Int("--symbols", 4);
        var rounds = (int)options.Int("--rounds", quick ? 1 : 3);
        var processes = (options.Value("--processes") ?? "1,2,4").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var files = SpyData.Files(quick: true);
        if (files.Length == 0)
        {
            Console.WriteLine(SpyData.MissingMessage(Name));
            return 0;
        }
        var te = TeDll();
        if (te is null)
            return 0;
        var clock = Stopwatch.StartNew();
        var repo = RunEnvironment.RepositoryRoot();
        var trades = Load(files, perSymbol);
        var symbols = Enumerable.Range(0, symbolCount).Select(i => $"SCALE{i}").ToArray();
        Console.WriteLine($"# scale suite ({(quick ? "quick" : "full")}): {symbols.Length} symbols x {trades.Count:N0} real SPY trades (us_equity.yaml), " +
            $"{string.Join(", ", processes)} executor processes, {rounds} rounds, {Environment.ProcessorCount} cpus, load {RunEnvironment.LoadAverage()}, {RunEnvironment.CpuModel()}");

        var rates = processes.ToDictionary(p => p, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? processes : processes.Reverse().ToArray();
            foreach (var n in order)
            {
                var rate = RunOnce(te, repo, symbols, trades, n);
                rates[n].Add(rate);
                Console.WriteLine($"  round {round + 1}: {n} executor process{(n == 1 ? "" : "es")}: {Rate(rate)} ticks/s (load {RunEnvironment.LoadAverage()})");
            }
        }
        var baseline = Stats.Median(rates[processes[0]]);
        foreach (var n in processes)
        {
            var median = Stats.Median(rates[n]);
            Console.WriteLine($"executors-{n}: {Rate(median)} ticks/s (runs {string.Join(", ", rates[n].Select(Rate))}); x{(median / baseline).ToString("F2", CultureInfo.InvariantCulture)} of {processes[0]}");
        }

        var path = options.ResultsPath(Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var result = new
        {
            suite = Name,
            mode = quick ? "quick" : "full",
            environment = RunEnvironment.Describe(),
            config = new
            {
                symbols = symbols.Length,
                ticksPerSymbol = trades.Count,
                pipeline = "pipelines/us_equity.yaml",
                processes,
                rounds,
                measure = "ticks acked by every group's durable (journaled, run) / seconds from the first ack seen to the last; the streams filled before the executors start",
            },
            runs = processes.ToDictionary(p => p.ToString(CultureInfo.InvariantCulture), p => rates[p]),
            medians = processes.ToDictionary(p => p.ToString(CultureInfo.InvariantCulture), p => Stats.Median(rates[p])),
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {path}");
        return 0;
    }

    /// <summary>One configuration: <paramref name="groups"/> executor processes over the symbols; the rate they ack at.</summary>
    private static double RunOnce(string te, string repo, string[] symbols, List<(long Time, string Price, string Size)> trades, int groups)
    {
        using var server = NatsSuite.ServerFor(null);
        var dir = Directory.CreateTempSubdirectory("te-perf-scale-").FullName;
        try
        {
            var config = WriteConfig(dir, repo, symbols, groups);
            string[] Args(int g) =>
            [
                "serve", "executor", "--config", config, "--group", $"g{g}", "--nats", server.Url, "--journal", Path.Combine(dir, "journal"),
                "--stats-interval", "0", "--publisher-stall-timeout", "1m", "--cpu", "none", "--stream-max-bytes", "4294967296",
            ];
            // first start: each group's stream and durable; stopped, the streams keep what the durables have not acked
            var first = Enumerable.Range(0, groups).Select(g => Executor.Start(te, Args(g))).ToList();
            var client = Connect(server.Url);
            try
            {
                var js = new NatsJSContext(client);
                WaitFor(() => Enumerable.Range(0, groups).All(g => Consumer(js, g) is not null), TimeSpan.FromSeconds(120), "the executors did not create their streams", first);
                foreach (var e in first)
                    e.Stop();
                var payloads = symbols.Select(s => trades.Select(t => Encoding.UTF8.GetBytes(Json(s, t))).ToArray()).ToArray();
                for (var i = 0; i < trades.Count; i++)
                {
                    for (var s = 0; s < symbols.Length; s++)
                        client.PublishAsync($"ticks.raw.{symbols[s]}", payloads[s][i]).AsTask().GetAwaiter().GetResult();
                }
                client.PingAsync().AsTask().GetAwaiter().GetResult();
                var total = (long)trades.Count * symbols.Length;
                WaitFor(() => Enumerable.Range(0, groups).Sum(g => (long)js.GetStreamAsync($"TE_IN_G{g}").AsTask().GetAwaiter().GetResult().Info.State.Messages) == total,
                    TimeSpan.FromSeconds(120), "the streams did not take every tick", first);

                // the measured run
                var running = Enumerable.Range(0, groups).Select(g => Executor.Start(te, Args(g))).ToList();
                try
                {
                    long firstAcked = -1;
                    var start = TimeSpan.Zero;
                    var watch = Stopwatch.StartNew();
                    var deadline = TimeSpan.FromSeconds(600);
                    while (true)
                    {
                        var acked = Enumerable.Range(0, groups).Sum(g => (long)(Consumer(js, g)?.AckFloor.StreamSeq ?? 0));
                        if (firstAcked < 0 && acked > 0)
                            (firstAcked, start) = (acked, watch.Elapsed);
                        if (acked == total)
                            return (total - firstAcked) / Math.Max((watch.Elapsed - start).TotalSeconds, 1e-3);
                        if (watch.Elapsed > deadline || running.Any(e => e.HasExited))
                            throw new InvalidOperationException($"{groups} executors: {acked:N0} of {total:N0} acked after {watch.Elapsed.TotalSeconds:F0} s\n{string.Join("\n", running.Select(e => e.Output))}");
                        Thread.Sleep(20);
                    }
                }
                finally
                {
                    foreach (var e in running)
                        e.Stop();
                }
            }
            finally
            {
                client.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static NATS.Client.JetStream.Models.ConsumerInfo? Consumer(NatsJSContext js, int group)
    {
        try
        {
            return js.GetConsumerAsync($"TE_IN_G{group}", $"te-executor-g{group}").AsTask().GetAwaiter().GetResult().Info;
        }
        catch (NatsJSApiException)
        {
            return null;
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, string what, List<Executor> executors)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout || executors.Any(e => e.HasExited))
                throw new InvalidOperationException($"{what} ({watch.Elapsed.TotalSeconds:F0} s)\n{string.Join("\n", executors.Select(e => e.Output))}");
            Thread.Sleep(50);
        }
    }

    /// <summary>An instrument registry of the symbols (SPY's settings) and an engine config of <paramref name="groups"/> groups over them, round robin.</summary>
    private static string WriteConfig(string dir, string repo, string[] symbols, int groups)
    {
        File.WriteAllText(Path.Combine(dir, "instruments.yaml"), "unknown_symbols: reject\nsessions:\n  us_equities:\n    time_zone: America/New_York\n    open: \"09:30\"\n    close: \"16:00\"\n" +
            "instruments:\n" + string.Concat(symbols.Select(s =>
                $"  - symbol: {s}\n    tick_size: 0.0001\n    price_precision: 4\n    size_precision: 0\n    point_value: 1\n    currency: USD\n    session: us_equities\n")));
        var pipeline = Path.Combine(repo, "pipelines", "us_equity.yaml");
        var config = new StringBuilder("instruments: instruments.yaml\ninput_ring:\n  size: 65536\n  wait: blocking\noutput_ring:\n  size: 65536\n  wait: blocking\n" +
            "counters_interval_seconds: 0\nclock_interval: 0s\nexecutors:\n");
        for (var g = 0; g < groups; g++)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - name: g{g}\n    symbols:\n");
            for (var s = g; s < symbols.Length; s += groups)
                config.Append(CultureInfo.InvariantCulture, $"      - symbol: {symbols[s]}\n        pipeline: {pipeline}\n");
        }
        var path = Path.Combine(dir, "engine.yaml");
        File.WriteAllText(path, config.ToString());
        return path;
    }

    private static List<(long Time, string Price, string Size)> Load(string[] files, int count)
    {
        var registry = new SymbolRegistry();
        var list = new List<(long, string, string)>(count);
        foreach (var file in files)
        {
            using var reader = new LeanEquityTradeReader(file, registry.GetOrAdd("SPY"));
            foreach (var t in reader)
            {
                if (t.IsSuspicious)
                    continue;
                list.Add((t.EventTime, t.Price.ToDecimal().ToString(CultureInfo.InvariantCulture), t.Size.ToDecimal().ToString(CultureInfo.InvariantCulture)));
                if (list.Count == count)
                    return list;
            }
        }
        return list;
    }

    private static string Json(string symbol, (long Time, string Price, string Size) t) =>
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{DateTime.UnixEpoch.AddTicks(t.Time / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}}}","timeframe":null,"data":{"price":{{{t.Price}}},"size":{{{t.Size}}}}}""";

    private static NatsConnection Connect(string url)
    {
        var c = new NatsConnection(new NatsOpts { Url = url, Name = "te-perf-scale", RequestTimeout = TimeSpan.FromSeconds(30) });
        c.ConnectAsync().AsTask().GetAwaiter().GetResult();
        return c;
    }

    /// <summary>The te CLI this harness runs: te.dll beside it (a project reference), else the build's, else <c>TE_DLL</c>.</summary>
    private static string? TeDll()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("TE_DLL"),
            Path.Combine(AppContext.BaseDirectory, "te.dll"),
            Path.Combine(RunEnvironment.RepositoryRoot(), "artifacts", "bin", "TradingEngine.Cli", "release", "te.dll"),
        };
        var te = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
        if (te is null)
            Console.WriteLine("scale suite: skipped, no te CLI (./run.sh build first, or set TE_DLL)");
        return te;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A <c>te serve executor</c> child process, its output kept for errors; stopped with SIGINT (a clean stop).</summary>
    private sealed class Executor
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Executor(Process process) => _process = process;

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                    return _output.ToString();
            }
        }

        public static Executor Start(string te, string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add(te);
            foreach (var a in args)
                info.ArgumentList.Add(a);
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet te.dll");
            var executor = new Executor(process);
            process.OutputDataReceived += (_, e) => executor.Append(e.Data);
            process.ErrorDataReceived += (_, e) => executor.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return executor;
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (_output)
                _output.AppendLine(line);
        }

        /// <summary>SIGINT, then waits (60 s) for the clean stop; killed if it does not come.</summary>
        public void Stop()
        {
            if (_process.HasExited)
                return;
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                kill?.WaitForExit();
            if (!_process.WaitForExit(60_000))
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }
}
