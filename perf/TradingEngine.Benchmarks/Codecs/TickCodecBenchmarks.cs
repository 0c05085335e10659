using System.Buffers;
using BenchmarkDotNet.Attributes;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Codecs;

/// <summary>
/// One ES trade with bid/ask, aggressor and venue through the external JSON contract and the internal binary frame.
/// Steady state: the encoder, its writer and the output buffer are reused, so the allocation column must read 0 B
/// for every method. Run: <c>dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*TickCodec*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TickCodecBenchmarks
{
    private SymbolRegistry _symbols = null!;
    private JsonMessageEncoder _encoder = null!;
    private JsonMessageDecoder _decoder = null!;
    private JsonMessageDecoder _registryDecoder = null!;
    private ArrayBufferWriter<byte> _json = null!;
    private byte[] _jsonBytes = null!;
    private byte[] _ingestedBytes = null!;
    private byte[] _frame = null!;
    private int _frameLength;
    private Tick _tick;

    [GlobalSetup]
    public void Setup()
    {
        _symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Parse("""
            instruments:
              - symbol: ES
                tick_size: 0.25
                price_precision: 2
                point_value: 50
                session: { time_zone: America/Chicago, open: "17:00", close: "16:00" }
            """, "bench.yaml", _symbols);
        var es = _symbols.GetOrAdd("ES");
        _tick = Tick.Create(es, 1_703_545_200_123_456_789L, Price.Parse("4760.25"), Quantity.Parse("3"), 1_703_545_200_124_001_000L);
        _tick.SetQuote(Price.Parse("4760.00"), Price.Parse("4760.25"));
        _tick.Side = AggressorSide.Buy;
        _tick.Venue = 'X';
        _encoder = new JsonMessageEncoder(_symbols, source: "bench");
        _decoder = new JsonMessageDecoder(_symbols);
        _registryDecoder = new JsonMessageDecoder(_symbols, instruments);
        _json = new ArrayBufferWriter<byte>(512);
        _encoder.Encode(_tick, _json);
        _jsonBytes = _json.WrittenSpan.ToArray();
        var plain = _tick;
        plain.ReceiveTime = 0;
        plain.Side = default;
        _ingestedBytes = new JsonMessageEncoder(_symbols).EncodeToArray(plain);
        _frame = new byte[BinaryMessageCodec.MaxFrameSize];
        _frameLength = BinaryMessageCodec.Encode(_tick, _frame);
    }

    [Benchmark]
    public int JsonEncode()
    {
        _json.ResetWrittenCount();
        return _encoder.Encode(_tick, _json);
    }

    /// <summary>No instrument registry: the precision comes from the text (one extra scan of <c>data</c>).</summary>
    [Benchmark]
    public long JsonDecode()
    {
        _decoder.Decode(_jsonBytes, out Tick t);
        return t.PriceRaw;
    }

    /// <summary>With the instrument registry: precision from the instrument, unknown symbols rejected.</summary>
    [Benchmark]
    public long JsonDecodeWithRegistry()
    {
        _registryDecoder.Decode(_jsonBytes, out Tick t);
        return t.PriceRaw;
    }

    /// <summary>
    /// A tick as a feed bridge publishes it on <c>ticks.raw</c> (no metadata, no aggressor), decoded for the input ring
    /// as ingestion does: the canonical-layout fast path.
    /// </summary>
    [Benchmark]
    public long JsonDecodeIngestedTick()
    {
        _registryDecoder.Decode(_ingestedBytes, out MarketEvent e);
        return e.Tick.PriceRaw;
    }

    /// <summary>The same payload through the general reader only: the fast path's baseline, same run.</summary>
    [Benchmark]
    public long JsonDecodeIngestedTickGeneral()
    {
        _registryDecoder.DecodeGeneral(_ingestedBytes, out var e);
        return e.Tick.PriceRaw;
    }

    [Benchmark]
    public int BinaryEncode() => BinaryMessageCodec.Encode(_tick, _frame);

    [Benchmark]
    public long BinaryDecode()
    {
        BinaryMessageCodec.Decode<Tick>(_frame.AsSpan(0, _frameLength), out var t, out _);
        return t.PriceRaw;
    }
}
