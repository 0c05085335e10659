using System.Buffers.Binary;
using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

// Binary state snapshot, little-endian, versioned. Layout: 'C' 'A' version, spec count (i32), then per spec its
// signature (kind, timeframe s, threshold raw, threshold precision, empty policy, external timeframe s) so a snapshot
// never restores into a differently configured aggregator, the state flags, bucket start/length, the forming and the
// last closed candle; then the four counters. The session cursor is a cache and is not stored.
public sealed partial class CandleAggregator
{
    private const byte SnapshotVersion = 1;
    private const int CandleBytes = 4 + 4 + 4 + 4 + 9 * 8;
    private const int SpecBytes = 1 + 4 + 8 + 1 + 1 + 4 + 1 + 1 + 8 + 8 + 2 * CandleBytes;

    /// <summary>Bytes <see cref="WriteSnapshot"/> needs.</summary>
    public int SnapshotSize => 3 + 4 + _specs.Length * SpecBytes + 4 * 8;

    /// <summary>Writes the whole aggregation state; returns the bytes written.</summary>
    public int WriteSnapshot(Span<byte> destination)
    {
        var size = SnapshotSize;
        if (destination.Length < size)
            ThrowHelper.ThrowTooSmall(destination.Length, size);
        destination[0] = (byte)'C';
        destination[1] = (byte)'A';
        destination[2] = SnapshotVersion;
        var o = 3;
        WriteInt32(destination, ref o, _specs.Length);
        for (var i = 0; i < _specs.Length; i++)
        {
            WriteSignature(destination, ref o, _specs[i]);
            ref readonly var s = ref _states[i];
            destination[o++] = (byte)((s.HasForming ? 1 : 0) | (s.HasClosed ? 2 : 0));
            destination[o++] = s.PriceSource;
            WriteInt64(destination, ref o, s.Start);
            WriteInt64(destination, ref o, s.Length);
            WriteCandle(destination, ref o, in s.Forming);
            WriteCandle(destination, ref o, in s.Closed);
        }
        WriteInt64(destination, ref o, _lateInputs);
        WriteInt64(destination, ref o, _outsideSessionInputs);
        WriteInt64(destination, ref o, _filteredTicks);
        WriteInt64(destination, ref o, _ignoredExternal);
        return o;
    }

    /// <summary>
    /// Replaces the state with a snapshot written by an aggregator with the same specs; returns the bytes read.
    /// Allocates nothing, so an executor may rewind an aggregator in place.
    /// </summary>
    public int RestoreSnapshot(ReadOnlySpan<byte> source)
    {
        if (source.Length < 7 || source[0] != (byte)'C' || source[1] != (byte)'A')
            ThrowHelper.ThrowSnapshot("not a candle aggregator snapshot (expected the tag 'CA')");
        if (source[2] != SnapshotVersion)
            ThrowHelper.ThrowSnapshot($"version {source[2]}, this build reads version {SnapshotVersion}");
        var o = 3;
        var count = ReadInt32(source, ref o);
        if (count != _specs.Length)
            ThrowHelper.ThrowSnapshot($"{count} bar specs, this aggregator has {_specs.Length}");
        if (source.Length < SnapshotSize)
            ThrowHelper.ThrowSnapshot($"{source.Length} bytes, expected {SnapshotSize}");
        // validate every signature before touching the state, so a refused snapshot leaves the aggregator as it was
        var start = o;
        for (var i = 0; i < _specs.Length; i++, o = start + i * SpecBytes)
        {
            var signature = ReadSignature(source, ref o);
            if (signature != _specs[i])
                ThrowHelper.ThrowSnapshot($"spec {i} is '{signature}', this aggregator has '{_specs[i]}'");
        }
        o = start;
        for (var i = 0; i < _specs.Length; i++)
        {
            _ = ReadSignature(source, ref o);
            ref var s = ref _states[i];
            s = CreateState(_specs[i]);
            var flags = source[o++];
            s.HasForming = (flags & 1) != 0;
            s.HasClosed = (flags & 2) != 0;
            s.PriceSource = source[o++];
            s.Start = ReadInt64(source, ref o);
            s.Length = ReadInt64(source, ref o);
            s.Forming = ReadCandle(source, ref o);
            s.Closed = ReadCandle(source, ref o);
        }
        _lateInputs = ReadInt64(source, ref o);
        _outsideSessionInputs = ReadInt64(source, ref o);
        _filteredTicks = ReadInt64(source, ref o);
        _ignoredExternal = ReadInt64(source, ref o);
        _cursorFrom = _cursorTo = long.MinValue;
        return o;
    }

    private static void WriteSignature(Span<byte> d, ref int o, in BarSpec spec)
    {
        d[o++] = (byte)spec.Kind;
        WriteInt32(d, ref o, spec.Timeframe.Seconds);
        WriteInt64(d, ref o, spec.Threshold);
        d[o++] = spec.ThresholdPrecision;
        d[o++] = (byte)spec.EmptyBars;
        WriteInt32(d, ref o, spec.ExternalSource.Seconds);
    }

    private static BarSpec ReadSignature(ReadOnlySpan<byte> d, ref int o)
    {
        var kind = (BarKind)d[o++];
        var tf = ReadInt32(d, ref o);
        var threshold = ReadInt64(d, ref o);
        var precision = d[o++];
        var empty = (EmptyBarPolicy)d[o++];
        var ext = ReadInt32(d, ref o);
        return new BarSpec
        {
            Kind = kind,
            Timeframe = TimeframeOf(tf),
            Threshold = threshold,
            ThresholdPrecision = precision,
            EmptyBars = empty,
            ExternalSource = TimeframeOf(ext),
        };
    }

    private static Timeframe TimeframeOf(int seconds)
    {
        if (seconds < 0 || seconds > Timeframe.MaxSeconds)
            ThrowHelper.ThrowSnapshot($"timeframe of {seconds} s");
        return seconds == 0 ? default : new Timeframe(seconds);
    }

    private static void WriteCandle(Span<byte> d, ref int o, in Candle c)
    {
        WriteInt32(d, ref o, c.Symbol.Value);
        WriteInt32(d, ref o, c.Timeframe.Seconds);
        d[o++] = c.PricePrecision;
        d[o++] = c.SizePrecision;
        d[o++] = (byte)c.Flags;
        d[o++] = c.Reserved;
        WriteInt32(d, ref o, c.TickCount);
        WriteInt64(d, ref o, c.OpenTime);
        WriteInt64(d, ref o, c.CloseTime);
        WriteInt64(d, ref o, c.OpenRaw);
        WriteInt64(d, ref o, c.HighRaw);
        WriteInt64(d, ref o, c.LowRaw);
        WriteInt64(d, ref o, c.CloseRaw);
        WriteInt64(d, ref o, c.VolumeRaw);
        WriteInt64(d, ref o, c.LastEventTime);
        WriteInt64(d, ref o, c.ReceiveTime);
    }

    private static Candle ReadCandle(ReadOnlySpan<byte> d, ref int o) => new()
    {
        Symbol = new SymbolId(ReadInt32(d, ref o)),
        Timeframe = TimeframeOf(ReadInt32(d, ref o)),
        PricePrecision = d[o++],
        SizePrecision = d[o++],
        Flags = (CandleFlags)d[o++],
        Reserved = d[o++],
        TickCount = ReadInt32(d, ref o),
        OpenTime = ReadInt64(d, ref o),
        CloseTime = ReadInt64(d, ref o),
        OpenRaw = ReadInt64(d, ref o),
        HighRaw = ReadInt64(d, ref o),
        LowRaw = ReadInt64(d, ref o),
        CloseRaw = ReadInt64(d, ref o),
        VolumeRaw = ReadInt64(d, ref o),
        LastEventTime = ReadInt64(d, ref o),
        ReceiveTime = ReadInt64(d, ref o),
    };

    private static void WriteInt32(Span<byte> d, ref int o, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(d[o..], value);
        o += 4;
    }

    private static void WriteInt64(Span<byte> d, ref int o, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(d[o..], value);
        o += 8;
    }

    private static int ReadInt32(ReadOnlySpan<byte> d, ref int o)
    {
        var v = BinaryPrimitives.ReadInt32LittleEndian(d[o..]);
        o += 4;
        return v;
    }

    private static long ReadInt64(ReadOnlySpan<byte> d, ref int o)
    {
        var v = BinaryPrimitives.ReadInt64LittleEndian(d[o..]);
        o += 8;
        return v;
    }
}
