using System.Runtime.InteropServices;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>Random market events for journal property tests, and a bit-exact comparison of event slots.</summary>
public static class JournalTestEvents
{
    public static readonly string[] SymbolNames = ["SPY", "ESZ3", "GC 201312"];

    public static SymbolRegistry Registry()
    {
        var registry = new SymbolRegistry();
        foreach (var name in SymbolNames)
            registry.GetOrAdd(name);
        return registry;
    }

    /// <summary>Mostly small or market-like values (what deltas and scaled varints are made for), sometimes anything, sometimes extremes.</summary>
    public static readonly Gen<long> Value = Gen.Frequency(
        (4, Gen.Long[-300, 300]),
        (3, Gen.Long[0, 2_000].Select(x => x * 100)),
        (2, Gen.Long[1_381_000_000_000, 1_382_000_000_000].Select(x => x * 1_000_000)),
        (2, Gen.Long),
        (1, Gen.OneOf(Gen.Const(long.MinValue), Gen.Const(long.MaxValue), Gen.Const(0L), Gen.Const(-1L))));

    private static readonly Gen<int> Symbol = Gen.Int[0, 3];

    public static readonly Gen<MarketEvent> Event =
        Gen.Select(Gen.Int[1, 5], Value.Array[10], Gen.UInt.Array[4], Symbol, Gen.Byte.Array[6], Gen.Frequency((6, Gen.Const(1L)), (1, Value)))
            .Select(x => Make(x.Item1, x.Item2, x.Item3, x.Item4, x.Item5, x.Item6));

    /// <summary>Sequences of events where consecutive events often share fields, like a real feed.</summary>
    public static readonly Gen<MarketEvent[]> Events = Event.Array[0, 400].Select(Correlate);

    private static MarketEvent[] Correlate(MarketEvent[] events)
    {
        // A source sequence step of 1 (the usual case) is generated as "1": turn steps into running sequences.
        long source = 0;
        for (var i = 0; i < events.Length; i++)
        {
            source = unchecked(source + events[i].SourceSequence);
            events[i].SourceSequence = source;
            if (i > 0 && events[i].Kind == events[i - 1].Kind && (events[i].Tick.Conditions & 1) == 0)
            {
                // keep the previous event's venue/conditions/symbol now and then, to exercise the "same as before" paths
                var previous = events[i - 1];
                switch (events[i].Kind)
                {
                    case MarketEventKind.Tick:
                        events[i].Tick.Venue = previous.Tick.Venue;
                        events[i].Tick.Conditions = previous.Tick.Conditions;
                        events[i].Tick.Symbol = previous.Tick.Symbol;
                        events[i].Tick.Flags = previous.Tick.Flags;
                        events[i].Symbol = previous.Symbol;
                        break;
                    case MarketEventKind.Quote:
                        events[i].Quote.Venue = previous.Quote.Venue;
                        events[i].Quote.Conditions = previous.Quote.Conditions;
                        break;
                }
            }
        }
        return events;
    }

    private static MarketEvent Make(int kind, long[] v, uint[] u, int symbolValue, byte[] b, long sourceStep)
    {
        var symbol = new SymbolId(symbolValue);
        MarketEvent e;
        switch ((MarketEventKind)kind)
        {
            case MarketEventKind.Tick:
                e = MarketEvent.FromTick(new Tick
                {
                    Symbol = symbol,
                    PricePrecision = (byte)(b[0] % 10),
                    SizePrecision = (byte)(b[1] % 10),
                    Side = (AggressorSide)(b[2] % 5), // 3 and 4 are not enum values, and must survive too
                    Flags = (TickFlags)(b[3] & 0x0F),
                    EventTime = v[0],
                    ReceiveTime = (b[4] & 1) == 0 ? 0 : v[1],
                    PriceRaw = v[2],
                    SizeRaw = v[3],
                    BidRaw = (b[5] & 1) == 0 ? 0 : v[4],
                    AskRaw = (b[5] & 2) == 0 ? 0 : v[5],
                    Conditions = (b[5] & 4) == 0 ? u[0] & 0xFF : u[0],
                    Venue = (ushort)u[1],
                });
                break;
            case MarketEventKind.Quote:
                e = MarketEvent.FromQuote(new Quote
                {
                    Symbol = symbol,
                    PricePrecision = (byte)(b[0] % 10),
                    SizePrecision = (byte)(b[1] % 10),
                    Flags = (QuoteFlags)(b[2] & 0x0C),
                    Reserved = b[3],
                    EventTime = v[0],
                    ReceiveTime = (b[4] & 1) == 0 ? 0 : v[1],
                    BidRaw = (b[5] & 1) == 0 ? 0 : v[2],
                    BidSizeRaw = (b[5] & 1) == 0 ? 0 : v[3],
                    AskRaw = (b[5] & 2) == 0 ? 0 : v[4],
                    AskSizeRaw = (b[5] & 2) == 0 ? 0 : v[5],
                    Conditions = u[0],
                    Venue = (ushort)u[1],
                });
                break;
            case MarketEventKind.Candle:
                var seconds = (int)(u[2] % (Timeframe.MaxSeconds + 1));
                e = MarketEvent.FromCandle(new Candle
                {
                    Symbol = symbol,
                    Timeframe = seconds == 0 ? default : Timeframe.FromSeconds(seconds),
                    PricePrecision = (byte)(b[0] % 10),
                    SizePrecision = (byte)(b[1] % 10),
                    Flags = (CandleFlags)(b[2] & 7),
                    Reserved = b[3],
                    TickCount = (int)u[3],
                    OpenTime = v[0],
                    CloseTime = v[1],
                    OpenRaw = v[2],
                    HighRaw = v[3],
                    LowRaw = v[4],
                    CloseRaw = v[5],
                    VolumeRaw = v[6],
                    LastEventTime = v[7],
                    ReceiveTime = v[8],
                });
                break;
            case MarketEventKind.Timer:
                e = MarketEvent.FromTimer(symbol, v[0]);
                e.Timer.ReceiveTime = v[1];
                break;
            default:
                e = MarketEvent.FromGap(symbol, v[0], v[2], (GapReason)(b[0] % 4));
                e.Gap.ReceiveTime = v[1];
                break;
        }
        e.SourceSequence = sourceStep;
        return e;
    }

    /// <summary>The whole 112-byte slot, so "every field kept" includes fields nobody thought of listing.</summary>
    public static ReadOnlySpan<byte> Bytes(in MarketEvent e) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in e));

    /// <summary>Asserts that <paramref name="actual"/> is <paramref name="expected"/> read back as journal sequence <paramref name="sequence"/>.</summary>
    public static void AssertSame(MarketEvent expected, in MarketEvent actual, long sequence)
    {
        expected.SourceSequence = sequence;
        if (!Bytes(in expected).SequenceEqual(Bytes(in actual)))
            Assert.Fail($"event {sequence} differs:\n expected {Convert.ToHexString(Bytes(in expected))}\n actual   {Convert.ToHexString(Bytes(in actual))}");
    }

    /// <summary>Every segment of a journal with the frames in it (offset, end, first sequence, event count) and its header length, as written.</summary>
    internal static List<(string Path, List<(long Offset, long End, long FirstSequence, int Count)> Frames, int HeaderLength)> FrameMap(string directory)
    {
        var map = new List<(string, List<(long, long, long, int)>, int)>();
        foreach (var path in Directory.GetFiles(directory, "*.tej").Order(StringComparer.Ordinal))
        {
            var frames = new List<(long, long, long, int)>();
            using var segment = new TradingEngine.Journal.Format.SegmentFrameReader(path);
            var offset = segment.Offset;
            while (segment.TryReadFrame(decompress: false))
            {
                frames.Add((offset, segment.Offset, segment.FirstSequence, segment.EventCount));
                offset = segment.Offset;
            }
            Assert.Null(segment.Error);
            map.Add((path, frames, segment.Header!.Length));
        }
        return map;
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "te-journal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
