using TradingEngine.Hosting;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using TradingEngine.Cli;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Hosting;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Journal.Format;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Fuzz;

/// <summary>
/// Every decoder that takes outside bytes, as a fuzz target: the NATS payload decoders (JSON envelope, binary codec),
/// the journal (whole segments, and frame payloads behind a valid checksum), the recovery snapshot, every importer,
/// and the YAML loaders (pipeline, engine, deployment profile, instruments). afl++ drives them through
/// <c>./run.sh fuzz TARGET</c>; the unit tests mutate their seeds with CsCheck for a short pass.
/// </summary>
public static class FuzzTargets
{
    private static readonly DateOnly LeanDate = new(2013, 10, 8);

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new()
        {
            Name = "json",
            Description = "JsonMessageDecoder: a NATS input payload (tick, quote, candle) and an output message; refusals are typed DecodeResults",
            Run = Json,
            Seeds = () => FuzzSeeds.JsonEnvelopes().Select(Encoding.UTF8.GetBytes).ToArray(),
        },
        new()
        {
            Name = "binary",
            Description = "BinaryMessageCodec and BinaryInputDecoder: a binary frame from the internal subjects; refusals are typed DecodeResults",
            Run = Binary,
            Seeds = FuzzSeeds.BinaryFrames,
        },
        new()
        {
            Name = "journal",
            Description = "JournalReader over one segment file (header, frame headers, checksums); damage ends the stream and is reported in Damage",
            Run = JournalSegment,
            Seeds = () => [FuzzSeeds.JournalSegment()],
        },
        new()
        {
            Name = "journal-frame",
            Description = "JournalReader over a segment whose one frame carries these bytes as payload with a valid checksum: the LZ4-free record decoder",
            Run = JournalFrame,
            Seeds = FuzzSeeds.JournalFramePayloads,
        },
        new()
        {
            Name = "snapshot",
            Description = "ExecutorSnapshot.Restore of the es_futures pipeline; the checksum is fixed up so the body is reached; refusals are InvalidDataException and SnapshotMismatchException",
            Run = Snapshot,
            Seeds = () => [FuzzSeeds.SnapshotBody()],
        },
        Importer("lean-equity-trades", "ticks/lean_equity_2013-10/trades", s => new LeanEquityTradeReader(s, "fuzz", LeanDate, Symbol)),
        Importer("lean-equity-quotes", "ticks/lean_equity_2013-10/quotes", s => new LeanEquityQuoteReader(s, "fuzz", LeanDate, Symbol)),
        Importer("lean-futures-trades", "ticks/lean_gc_futures_2013-10", s => new LeanFuturesTradeReader(s, "fuzz", LeanDate, Symbol)),
        Importer("lean-bars-minute", "bars/lean_equity_minute_2013-10", s => new LeanBarReader(s, "fuzz", Symbol, LeanBarLayout.EquityMinute, LeanDate)),
        Importer("lean-bars-futures", "bars/lean_es_futures_minute", s => new LeanBarReader(s, "fuzz", Symbol, LeanBarLayout.FuturesMinute, LeanDate)),
        Importer("lean-bars-daily", "bars/lean_equity_daily", s => new LeanBarReader(s, "fuzz", Symbol, LeanBarLayout.EquityDaily, null)),
        ImporterOfFile("es-trades-bbo", "ticks/databento_es_futures_2023-12", "esh4_trades_with_bbo.csv", path => CsvTickReader.DatabentoTradesWithBbo(path, Symbol)),
        Importer("skender-bars", "bars/skender", s => new CsvBarReader(s, "fuzz", Symbol, null, Timeframe.OneDay, CsvTimeFormat.Text, ExchangeDayClock.NewYork, BarLabel.Start)),
        Importer("nautilus-bars", "bars/nautilus_6e_futures_1m", s => new CsvBarReader(s, "fuzz", Symbol, null, Timeframe.OneMinute, CsvTimeFormat.Text, TimeZoneInfo.Utc, BarLabel.End)),
        Importer("csv-ticks", "ticks/databento_es_futures_2023-12",
            s => new CsvTickReader(s, "fuzz", Symbol, CsvColumnMap.Parse("time=ts_event_utc,price=4,size=5,side=aggressor_side"), CsvTimeFormat.Text)),
        Yaml("pipeline-yaml", "pipelines", "*_*.yaml", text =>
        {
            try
            {
                DagCompiler.Compile(PipelineLoader.Parse(text, "fuzz.yaml"), NodeCatalogs.Standard());
            }
            catch (PipelineException)
            {
                // the documented refusal: errors naming file and line
            }
        }),
        Yaml("engine-yaml", "pipelines", "engine.yaml", text =>
        {
            try
            {
                EngineConfigLoader.Parse(text, Path.Combine(FuzzPaths.RepositoryRoot, "pipelines", "fuzz.yaml"));
            }
            catch (PipelineException)
            {
            }
        }),
        Yaml("profile-yaml", "native-profiles", "*.yaml", text =>
        {
            try
            {
                DeploymentProfile.Parse(new StringReader(text), "fuzz.yaml");
            }
            catch (FormatException)
            {
                // the documented refusal: "file:line: what is wrong"
            }
        }),
        Yaml("instruments-yaml", "pipelines", "instruments.yaml", text =>
        {
            try
            {
                InstrumentRegistry.Parse(text, "fuzz.yaml", new SymbolRegistry());
            }
            catch (InstrumentRegistryException)
            {
            }
        }),
    ];

    private static SymbolId Symbol => new(1);

    public static FuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; expected one of {string.Join(", ", All.Select(t => t.Name))}");

    private static void Json(byte[] input)
    {
        var decoder = JsonDecoder.Value!;
        decoder.Decode(input, out MarketEvent _);
        decoder.Decode(input, out OutputMessage _);
    }

    private static readonly ThreadLocal<JsonMessageDecoder> JsonDecoder = new(() => new JsonMessageDecoder(new SymbolRegistry()));

    private static void Binary(byte[] input)
    {
        BinaryMessageCodec.Decode(input, out MarketEvent _, out _);
        BinaryMessageCodec.Decode(input, out OutputMessage _, out _);
        new BinaryInputDecoder().Decode(input, MarketEventKind.Tick, out _);
    }

    private static void JournalSegment(byte[] input) => ReadJournal(input);

    /// <summary>The first two bytes are the event count the frame header claims; the rest is the payload.</summary>
    private static void JournalFrame(byte[] input)
    {
        if (input.Length < 2)
            return;
        var header = FuzzSeeds.SegmentHeaderBytes();
        var payload = input.AsSpan(2);
        var segment = new byte[header.Length + JournalFormat.FrameHeaderBytes + payload.Length];
        header.CopyTo(segment, 0);
        var frame = segment.AsSpan(header.Length);
        JournalFormat.WriteFrameHeader(frame, payload.Length, payload.Length, BinaryPrimitives.ReadUInt16LittleEndian(input), 1);
        payload.CopyTo(frame[JournalFormat.FrameHeaderBytes..]);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], JournalFormat.FrameChecksum(frame[16..]));
        ReadJournal(segment);
    }

    private static void ReadJournal(byte[] segment)
    {
        var directory = Path.Combine(FuzzPaths.Scratch, "journal");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, JournalFormat.SegmentFileName(1)), segment);
        try
        {
            using var reader = new JournalReader(directory, new SymbolRegistry());
            while (reader.TryRead(out _))
            {
            }
        }
        catch (InvalidDataException)
        {
            // the documented refusal of a segment whose header cannot be read
        }
    }

    private static SymbolExecutor? _snapshotExecutor;

    private static void Snapshot(byte[] body)
    {
        var file = new byte[body.Length + 8];
        body.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(body.Length), XxHash64.HashToUInt64(body));
        var (executor, symbols) = FuzzSeeds.SnapshotExecutor(_snapshotExecutor);
        _snapshotExecutor = executor;
        try
        {
            ExecutorSnapshot.Restore(executor, symbols, file, "fuzz.snap");
        }
        catch (InvalidDataException)
        {
        }
        catch (SnapshotMismatchException)
        {
            _snapshotExecutor = null; // the executor is half restored: the next input gets a fresh one
        }
        try
        {
            ExecutorSnapshot.ReadHeader(body, "fuzz.snap");
        }
        catch (InvalidDataException)
        {
        }
    }

    private static FuzzTarget Importer<T>(string name, string dataFolder, Func<Stream, MarketDataFileReader<T>> open) where T : struct => new()
    {
        Name = name,
        Description = $"{name} importer over one file; bad rows are counted by reason (BadRowPolicy.Flag); a file-level refusal (header) is the FormatException or InvalidDataException te import reports",
        Run = input =>
        {
            using var reader = open(new MemoryStream(input, writable: false));
            try
            {
                while (reader.TryRead(out _))
                {
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException)
            {
                // a header without the columns the format needs: te import prints the message and exits 2
            }
            _ = reader.Report.ToString();
        },
        Seeds = () => FuzzSeeds.DataSamples(dataFolder, name),
    };

    /// <summary>A reader whose public entry takes a path (a preset): the input goes through a scratch file of that name.</summary>
    private static FuzzTarget ImporterOfFile<T>(string name, string dataFolder, string fileName, Func<string, MarketDataFileReader<T>> open) where T : struct =>
        Importer<T>(name, dataFolder, stream =>
        {
            var path = Path.Combine(FuzzPaths.Scratch, fileName);
            using (var file = File.Create(path))
                stream.CopyTo(file);
            return open(path);
        });

    private static FuzzTarget Yaml(string name, string folder, string pattern, Action<string> parse) => new()
    {
        Name = name,
        Description = $"{name}: the loader's documented refusal is an error naming file and line",
        Run = input => parse(Encoding.UTF8.GetString(input)),
        Seeds = () => Directory.GetFiles(Path.Combine(FuzzPaths.RepositoryRoot, folder), pattern).Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToArray(),
    };
}
