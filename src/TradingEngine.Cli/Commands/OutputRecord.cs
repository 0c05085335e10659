using System.Buffers.Binary;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// The bytes that go into a run's output hash for one event: explicit little-endian fields, never raw struct
/// memory (padding bytes are not part of any contract).
/// </summary>
internal static class OutputRecord
{
    public static int Write(in MarketEvent evt, Span<byte> destination)
    {
        destination[0] = (byte)evt.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], evt.EventTime);
        if (evt.Kind != MarketEventKind.Tick)
            return 9;
        ref readonly var t = ref evt.Tick;
        BinaryPrimitives.WriteInt64LittleEndian(destination[9..], t.PriceRaw);
        BinaryPrimitives.WriteInt64LittleEndian(destination[17..], t.SizeRaw);
        destination[25] = t.PricePrecision;
        destination[26] = t.SizePrecision;
        destination[27] = (byte)t.Side;
        return 28;
    }
}
