using TradingEngine.Hosting;
using System.Text;
using TradingEngine.Cli;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Journal.Format;
using TradingEngine.Types;

namespace TradingEngine.Fuzz;

/// <summary>
/// The valid inputs each target starts from: real market-data samples (the first lines of the shared data files),
/// the checked-in YAML files, and for binary formats the output of our own encoders fed with real-looking events.
/// </summary>
public static class FuzzSeeds
{
    private const string Symbol = "ES";

    /// <summary>The JSON envelopes of docs/nats.md: a tick, a quote, a candle, and an output message shape.</summary>
    public static IReadOnlyList<string> JsonEnvelopes() =>
    [
        """{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-25T23:00:00.085275419Z","timeframe":null,"data":{"price":4800.25,"size":5,"side":"buy"}}""",
        """{"schema_version":1,"type":"quote","symbol":"ES","timestamp":"2013-10-08T13:30:00.001Z","timeframe":null,"data":{"bid":167.41,"bid_size":300,"ask":167.42,"ask_size":200}}""",
        """{"schema_version":1,"type":"candle","symbol":"ES","timestamp":"2013-10-08T13:30:00Z","timeframe":"1m","data":{"open":167.4,"high":167.5,"low":167.3,"close":167.45,"volume":1000,"close_time":"2013-10-08T13:31:00Z","tick_count":10}}""",
        """{"schema_version":1,"type":"indicator","symbol":"ES","timestamp":"2013-10-08T13:31:00Z","timeframe":"1m","node":"ema_fast","data":{"value":167.44}}""",
    ];

    /// <summary>The binary frames of the JSON seeds (decoded, then encoded with <see cref="BinaryMessageCodec"/>).</summary>
    public static IReadOnlyList<byte[]> BinaryFrames()
    {
        var decoder = new JsonMessageDecoder(new SymbolRegistry());
        var frames = new List<byte[]>();
        var buffer = new byte[4096];
        foreach (var json in JsonEnvelopes())
        {
            if (decoder.Decode(Encoding.UTF8.GetBytes(json), out MarketEvent e).IsSuccess)
                frames.Add(buffer.AsSpan(0, BinaryMessageCodec.Encode(in e, buffer)).ToArray());
        }
        return frames;
    }

    /// <summary>Up to three real files of <paramref name="folder"/> (the ones whose name fits the target), 2 KB each.</summary>
    public static IReadOnlyList<byte[]> DataSamples(string folder, string target)
    {
        var directory = Path.Combine(FuzzPaths.DataRoot, folder);
        if (!Directory.Exists(directory))
            return [];
        var wanted = target switch
        {
            "lean-bars-minute" or "lean-bars-futures" => "_trade",
            "es-trades-bbo" or "csv-ticks" => "trades_with_bbo",
            _ => "",
        };
        return Directory.GetFiles(directory, "*.csv").Where(f => Path.GetFileName(f).Contains(wanted, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Take(3)
            .Select(f => FuzzPaths.DataSample(Path.GetRelativePath(FuzzPaths.DataRoot, f))!).ToArray();
    }

    /// <summary>A journal segment of 600 events in several frames (ticks, quotes, a gap), written by <see cref="JournalWriter"/>.</summary>
    public static byte[] JournalSegment() => Segment.Value;

    /// <summary>The segment header alone: where the frames of <see cref="JournalSegment"/> start.</summary>
    public static byte[] SegmentHeaderBytes() => Header.Value;

    /// <summary>The raw record payloads of the seed segment's frames, each behind its two-byte event count.</summary>
    public static IReadOnlyList<byte[]> JournalFramePayloads()
    {
        var path = Path.Combine(FuzzPaths.Scratch, "seed-frames.tej");
        File.WriteAllBytes(path, Segment.Value);
        var payloads = new List<byte[]>();
        using var reader = new SegmentFrameReader(path);
        while (reader.TryReadFrame())
        {
            var payload = new byte[2 + reader.RawLength];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(payload, (ushort)reader.EventCount);
            reader.Raw.AsSpan(0, reader.RawLength).CopyTo(payload.AsSpan(2));
            payloads.Add(payload);
        }
        return payloads;
    }

    /// <summary>A snapshot of the es_futures pipeline after 2,000 ticks, without its trailing checksum.</summary>
    public static byte[] SnapshotBody()
    {
        var (executor, symbols) = SnapshotExecutor(null);
        var sink = new NullSink();
        var id = symbols.GetOrAdd(Symbol);
        var start = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 30, 0, DateTimeKind.Utc));
        for (var i = 0; i < 2_000; i++)
        {
            var tick = Tick.Create(id, start + i * UtcNanos.PerSecond, new Price(480_000 + (i * 7919 % 41) * 25 - 500, 2), new Quantity(1 + i % 5, 0));
            executor.OnEvent(MarketEvent.FromTick(tick, i + 1), ref sink);
        }
        var buffer = new SnapshotBuffer();
        ExecutorSnapshot.Write(executor, symbols, 2_000, start + 1_999 * UtcNanos.PerSecond, buffer);
        return buffer.WrittenSpan[..^8].ToArray();
    }

    /// <summary><paramref name="reuse"/> when given, else a fresh executor of pipelines/es_futures.yaml owning ES.</summary>
    public static (SymbolExecutor Executor, SymbolRegistry Symbols) SnapshotExecutor(SymbolExecutor? reuse)
    {
        if (reuse is not null)
            return (reuse, SnapshotSymbols);
        var dag = DagCompiler.Compile(PipelineLoader.LoadFile(Path.Combine(FuzzPaths.RepositoryRoot, "pipelines", "es_futures.yaml")), NodeCatalogs.Standard());
        return (new SymbolExecutor([new SymbolPipeline(dag, SnapshotSymbols.GetOrAdd(Symbol), 2, 0)]), SnapshotSymbols);
    }

    private static readonly SymbolRegistry SnapshotSymbols = new();

    private static readonly Lazy<byte[]> Segment = new(WriteSegment);

    private static readonly Lazy<byte[]> Header = new(() =>
    {
        var path = Path.Combine(FuzzPaths.Scratch, "seed-header.tej");
        File.WriteAllBytes(path, Segment.Value);
        using var reader = new SegmentFrameReader(path);
        return Segment.Value[..(int)reader.Offset];
    });

    private static byte[] WriteSegment()
    {
        var directory = Path.Combine(FuzzPaths.Scratch, "seed-journal");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd(Symbol);
        var spy = symbols.GetOrAdd("SPY");
        var start = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 30, 0, DateTimeKind.Utc));
        using (var writer = JournalWriter.Open(directory, symbols, new JournalWriterOptions { FrameBytes = JournalFormat.MinFrameCapacity }))
        {
            for (var i = 0; i < 600; i++)
            {
                var t = start + i * 250 * UtcNanos.PerMillisecond;
                if (i == 300)
                    writer.Append(MarketEvent.FromGap(es, t, 12, GapReason.Reconnect, writer.NextSequence));
                else if (i % 3 == 2)
                    writer.Append(MarketEvent.FromQuote(new Quote
                    {
                        Symbol = spy, PricePrecision = 2, EventTime = t, ReceiveTime = t + 400,
                        BidRaw = 16_741 + i % 9, BidSizeRaw = 300, AskRaw = 16_742 + i % 9, AskSizeRaw = 200,
                    }, writer.NextSequence));
                else
                    writer.Append(MarketEvent.FromTick(Tick.Create(es, t, new Price(480_025 + (i % 17) * 25, 2), new Quantity(1 + i % 4, 0), t + 900), writer.NextSequence));
            }
        }
        return File.ReadAllBytes(JournalFormat.ListSegments(directory)[0]);
    }

    private struct NullSink : IOutputSink
    {
        public readonly void OnNodeOutput(in NodeOutput output)
        {
        }

        public readonly void OnMessage(in OutputMessage message)
        {
        }

        public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
        {
        }

        public readonly void OnEndOfBatch()
        {
        }
    }
}
