using Npgsql;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Queries;

/// <summary>
/// A <c>market_structure</c> row back into the output the sink wrote it from (the inverse of the sink's row layout:
/// <c>price_raw</c> is the swing/liquidity price, BOS level, FVG/OB top; <c>price2_raw</c> the BOS break price, FVG/OB
/// bottom; <c>state</c> the zone state or break kind; <c>ref_ns</c> the pivot/formed/origin/swing time; <c>count</c>
/// the swing strength or liquidity touches). Columns in the order <see cref="TimescaleQueries.LatestStructureMessagesAsync"/> selects them.
/// </summary>
internal static class StructureRow
{
    public static OutputMessage Read(NpgsqlDataReader r, SymbolId symbol, Func<string, int> nodeId)
    {
        var time = r.GetInt64(0);
        var timeframe = Timeframe.TryParse(r.GetString(1), out var tf) ? tf : default;
        var node = nodeId(r.GetString(2));
        var type = r.GetString(3);
        var direction = r.GetString(4);
        var state = r.IsDBNull(5) ? null : r.GetString(5);
        var precision = (byte)r.GetInt16(6);
        var price = r.GetInt64(7);
        var price2 = r.IsDBNull(8) ? 0 : r.GetInt64(8);
        var reference = r.GetInt64(9);
        var count = r.IsDBNull(10) ? 0 : r.GetInt32(10);
        var sequence = r.GetInt64(13);
        if (type == SinkRowWriter.TypeLabel(MessageType.SwingPoint))
            return OutputMessage.From(new SwingPoint
            {
                Symbol = symbol, Timeframe = timeframe, EventTime = time, PricePrecision = precision, Side = Parse<SwingSide>(type, "direction", direction),
                Strength = (ushort)count, PriceRaw = price, PivotTime = reference,
            }, node, sequence);
        if (type == SinkRowWriter.TypeLabel(MessageType.FairValueGap))
            return OutputMessage.From(new FairValueGap
            {
                Symbol = symbol, Timeframe = timeframe, EventTime = time, PricePrecision = precision, Direction = Parse<StructureDirection>(type, "direction", direction),
                State = Parse<ZoneState>(type, "state", state), TopRaw = price, BottomRaw = price2, FormedTime = reference,
            }, node, sequence);
        if (type == SinkRowWriter.TypeLabel(MessageType.OrderBlock))
            return OutputMessage.From(new OrderBlock
            {
                Symbol = symbol, Timeframe = timeframe, EventTime = time, PricePrecision = precision, SizePrecision = r.IsDBNull(11) ? (byte)0 : (byte)r.GetInt16(11),
                Direction = Parse<StructureDirection>(type, "direction", direction), State = Parse<ZoneState>(type, "state", state), TopRaw = price,
                BottomRaw = price2, OriginTime = reference, VolumeRaw = r.IsDBNull(12) ? 0 : r.GetInt64(12),
            }, node, sequence);
        if (type == SinkRowWriter.TypeLabel(MessageType.LiquidityLevel))
            return OutputMessage.From(new LiquidityLevel
            {
                Symbol = symbol, Timeframe = timeframe, EventTime = time, PricePrecision = precision, Side = Parse<LiquiditySide>(type, "direction", direction),
                State = Parse<ZoneState>(type, "state", state), Touches = count, PriceRaw = price, FormedTime = reference,
            }, node, sequence);
        if (type == SinkRowWriter.TypeLabel(MessageType.BreakOfStructure))
            return OutputMessage.From(new BreakOfStructure
            {
                Symbol = symbol, Timeframe = timeframe, EventTime = time, PricePrecision = precision, Direction = Parse<StructureDirection>(type, "direction", direction),
                Kind = Parse<BreakKind>(type, "state", state), LevelRaw = price, BreakPriceRaw = price2, SwingTime = reference,
            }, node, sequence);
        throw new FormatException($"market_structure: a row of type '{type}' at {UtcNanos.ToIso8601(time)}, expected one of swing_point, fair_value_gap, order_block, liquidity_level, break_of_structure");
    }

    private static TEnum Parse<TEnum>(string type, string column, string? text) where TEnum : unmanaged, Enum =>
        text is not null && WireName.TryParse(text, out TEnum value)
            ? value
            : throw new FormatException($"market_structure: a {type} row has {column} '{text ?? "NULL"}', expected one of {string.Join(", ", Enum.GetValues<TEnum>().Select(WireName.Of))}");
}
