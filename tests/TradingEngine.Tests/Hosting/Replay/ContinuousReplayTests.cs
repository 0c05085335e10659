using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Journal.Continuous;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Replay;

/// <summary>
/// <c>te replay --continuous</c> on the real data (issue 27, item 2): the Lean ES minute bars of 2013-12 hold ESZ13 and
/// ESH14 on the same days, and the volume crossover rolls between them; the Lean GC ticks hold ten contract months a day.
/// </summary>
public sealed class ContinuousReplayTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-continuous-");
    private static string Instruments => Path.Combine(TestData.RepositoryRoot(), "pipelines/instruments.yaml");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Journal(string name, ImportFormat format, IEnumerable<string> files)
    {
        var journal = Path.Combine(_dir.FullName, name);
        var symbols = new SymbolRegistry();
        using var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
        Importer.Import(files.ToList(), writer, symbols, new ImportOptions { Format = format, Instruments = InstrumentRegistry.Load(Instruments, new SymbolRegistry()) });
        return journal;
    }

    /// <summary>1-minute external candles, a fast and slow EMA of their close, and the roll hook node.</summary>
    private string Pipeline()
    {
        var path = Path.Combine(_dir.FullName, "es_continuous.yaml");
        File.WriteAllText(path, """
            pipeline: es_continuous
            timeframes: [1m@ext:1m]
            session: cme_globex
            tick_size: 0.25
            nodes:
              - id: close_1m
                kind: candle_field
                inputs: [candles:1m@ext:1m]
                publish: true
              - id: ema_fast
                kind: ema
                params: {period: 5}
                inputs: [close_1m]
                publish: true
              - id: rolls
                kind: contract_rolls
                inputs: [gaps]
                publish: true
            """);
        return path;
    }

    private string EsDecember() => Journal("es", ImportFormat.LeanBars,
        Directory.GetFiles(TestData.Require("bars/lean_es_futures_minute"), "201312*_minute_trade_*.csv").Order(StringComparer.Ordinal));

    private ReplaySummary Replay(string journal, string pipeline, ContinuousAdjustment adjustment, string? outPath = null) =>
        ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = journal,
            PipelinePath = pipeline,
            InstrumentsPath = Instruments,
            OutPath = outPath,
            Continuous = new ContinuousOptions("ES", adjustment),
        });

    [Fact]
    public void Es_december_2013_rolls_from_ESZ13_to_ESH14_on_the_volume_crossover_and_the_hook_node_sees_it()
    {
        var journal = EsDecember();
        var pipeline = Pipeline();
        var outPath = Path.Combine(_dir.FullName, "out.jsonl");
        var summary = Replay(journal, pipeline, ContinuousAdjustment.Difference, outPath);

        var roll = Assert.Single(summary.Rolls);
        Assert.StartsWith("2013-12-19 ESZ13 -> ESH14 (volume ", roll);
        Assert.Equal(1, summary.Gaps); // the roll event, the only gap
        // the bars of the other contracts are counted, by reason
        var notFront = Assert.Single(summary.Drops, d => d.Reason.StartsWith("not the front contract of ES", StringComparison.Ordinal));
        Assert.True(notFront.Count > 1000, $"{notFront.Count}");
        // contract_rolls published once, with the roll's event time
        // contract_rolls (node 2) wrote its two ports once: 1 roll, at the roll event's time
        var lines = File.ReadAllLines(outPath).Where(l => l.Contains("\"node_id\":2,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"port\":0,\"persist\":false,\"value\":1}", lines[0]);
        Assert.Equal(summary.CandlesIn, summary.Candles);

        // deterministic: same hash again; the adjustment changes the outputs
        Assert.Equal(summary.OutputHash, Replay(journal, pipeline, ContinuousAdjustment.Difference).OutputHash);
        var ratio = Replay(journal, pipeline, ContinuousAdjustment.Ratio);
        var none = Replay(journal, pipeline, ContinuousAdjustment.None);
        Assert.NotEqual(summary.OutputHash, ratio.OutputHash);
        Assert.NotEqual(summary.OutputHash, none.OutputHash);
        Assert.Equal(summary.CandlesIn, none.CandlesIn);
    }

    private static (ContinuousJournal Journal, List<MarketEvent> Events) Series(string journal, ContinuousAdjustment adjustment)
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var continuous = ContinuousJournal.Open(journal, new ContinuousOptions("ES", adjustment), Instruments, registry["ES"].Id, symbols, skipCorrupt: false);
        using var reader = new JournalReader(journal, symbols);
        var events = new List<MarketEvent>();
        while (continuous.Series.TryNext(reader.TryRead, out var e))
            events.Add(e);
        return (continuous, events);
    }

    /// <summary>
    /// The roll of the real ES bars checked against a plain reading of the journal: the volumes and last closes of ESZ13
    /// and ESH14 in the session of trading date 2013-12-18 (17:00 Chicago on 12-17 to 17:00 on 12-18) decide the roll and
    /// its reference prices; the difference-adjusted bars before the roll are the unadjusted ones plus (new − old), the
    /// ratio-adjusted ones times new / old rounded, the bars after it are unchanged; the roll event comes once, at the
    /// time of ESH14's first bar of the next session; every bar of the journal is on the series or counted.
    /// </summary>
    [Fact]
    public void Es_december_2013_series_is_the_unadjusted_front_moved_by_the_roll_and_counts_every_bar_left_out()
    {
        var journal = EsDecember();
        var before = UtcNanos.FromDateTime(new DateTime(2013, 12, 17, 23, 0, 0, DateTimeKind.Utc));
        var rollSession = before + TimeSpan.FromDays(1).Ticks * 100;
        var volume = new Dictionary<string, long>();
        var last = new Dictionary<string, (long Time, long Close)>();
        long total = 0, firstAfter = 0;
        var plain = new SymbolRegistry();
        using (var reader = new JournalReader(journal, plain))
        {
            while (reader.TryRead(out var e))
            {
                total++;
                var name = plain.NameOf(e.Symbol);
                Assert.Equal(MarketEventKind.Candle, e.Kind);
                if (e.EventTime >= before && e.EventTime < rollSession)
                {
                    volume[name] = volume.GetValueOrDefault(name) + e.Candle.VolumeRaw;
                    if (!last.TryGetValue(name, out var l) || e.EventTime >= l.Time)
                        last[name] = (e.EventTime, e.Candle.CloseRaw);
                }
                if (name == "ESH14" && e.EventTime >= rollSession && firstAfter == 0)
                    firstAfter = e.EventTime;
            }
        }

        var (difference, diffEvents) = Series(journal, ContinuousAdjustment.Difference);
        var (ratio, ratioEvents) = Series(journal, ContinuousAdjustment.Ratio);
        var (none, noneEvents) = Series(journal, ContinuousAdjustment.None);
        var roll = Assert.Single(difference.Schedule.Rolls);
        Assert.Equal(("ESZ13", "ESH14", new DateOnly(2013, 12, 19), rollSession), (roll.From, roll.To, roll.TradingDate, roll.SessionStart));
        Assert.Equal((last["ESZ13"].Close, last["ESH14"].Close), (roll.OldRaw, roll.NewRaw));
        Assert.Equal($"volume {volume["ESH14"]} > {volume["ESZ13"]} on 2013-12-18", roll.Why);

        Assert.Equal(noneEvents.Count, diffEvents.Count);
        Assert.Equal(noneEvents.Count, ratioEvents.Count);
        var rollAt = noneEvents.FindIndex(e => e.Kind == MarketEventKind.Gap);
        Assert.Single(diffEvents, e => e.Kind == MarketEventKind.Gap);
        Assert.Equal(MarketEventKind.Gap, diffEvents[rollAt].Kind);
        Assert.Equal(firstAfter, diffEvents[rollAt].EventTime);
        Assert.Equal(firstAfter, diffEvents[rollAt + 1].EventTime);
        Assert.Equal(new[] { firstAfter }, difference.Series.RollTimes);
        var gap = roll.NewRaw - roll.OldRaw;
        for (var i = 0; i < noneEvents.Count; i++)
        {
            if (i == rollAt)
                continue;
            var raw = noneEvents[i].Candle;
            long[] rawPrices = [raw.OpenRaw, raw.HighRaw, raw.LowRaw, raw.CloseRaw];
            long[] Prices(in Candle c) => [c.OpenRaw, c.HighRaw, c.LowRaw, c.CloseRaw];
            Assert.Equal(rawPrices.Select(p => i < rollAt ? p + gap : p), Prices(diffEvents[i].Candle));
            Assert.Equal(rawPrices.Select(p => i < rollAt ? (long)Math.Round(p * ((double)roll.NewRaw / roll.OldRaw), MidpointRounding.AwayFromZero) : p), Prices(ratioEvents[i].Candle));
            Assert.Equal(raw.VolumeRaw, diffEvents[i].Candle.VolumeRaw);
        }
        foreach (var c in new[] { difference, ratio, none })
        {
            var left = Enum.GetValues<ContinuousDrop>().Sum(r => c.Series.DroppedCount(r));
            Assert.Equal(total, c.Series.Mapped + left);
            Assert.True(c.Series.DroppedCount(ContinuousDrop.NotFront) > 1000, $"{c.Series.DroppedCount(ContinuousDrop.NotFront)}");
        }
    }

    [Fact]
    public void Gc_ticks_of_ten_contract_months_keep_the_front_and_count_the_months_outside_the_cycle()
    {
        var files = Directory.GetFiles(TestData.Require("ticks/lean_gc_futures_2013-10"), "20131007_gc_tick_trade_*.csv").Order(StringComparer.Ordinal).ToList();
        var journal = Journal("gc", ImportFormat.LeanFuturesTrades, files);
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var continuous = ContinuousJournal.Open(journal, new ContinuousOptions("GC"), Instruments, registry["GC"].Id, symbols, skipCorrupt: false);
        using var reader = new JournalReader(journal, symbols);
        var perContract = new Dictionary<string, long>();
        var kept = new List<MarketEvent>();
        while (continuous.Series.TryNext((out MarketEvent e) =>
               {
                   if (!reader.TryRead(out e))
                       return false;
                   var name = symbols.NameOf(e.Symbol);
                   perContract[name] = perContract.GetValueOrDefault(name) + 1;
                   return true;
               }, out var next))
            kept.Add(next);

        // 2013-10-07 is one CME session plus the start of the next: GCZ13 is the front in both (GCV13 and GCX13 are not in GJMQZ)
        Assert.Empty(continuous.Schedule.Rolls);
        Assert.Equal(new ContractKey(2013, 12), continuous.Schedule.FrontIn(0));
        Assert.Equal(perContract["GCZ13"], continuous.Series.Mapped);
        // GCV14's two rows are zero-size prints the import refused
        Assert.Equal(perContract["GCV13"] + perContract["GCX13"] + perContract.GetValueOrDefault("GCV14"), continuous.Series.DroppedCount(ContinuousDrop.OutOfCycle));
        Assert.Equal(perContract.Values.Sum() - continuous.Series.Mapped - continuous.Series.DroppedCount(ContinuousDrop.OutOfCycle),
            continuous.Series.DroppedCount(ContinuousDrop.NotFront));
        Assert.All(kept, e => Assert.Equal(registry["GC"].Id, e.Symbol));
    }
}
