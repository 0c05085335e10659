using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Maps an output-ring message to its subjects (DESIGN §5):
/// <list type="bullet">
/// <item>candles → <c>candles.internal.{symbol}.{tf}</c> / <c>candles.public.{symbol}.{tf}</c></item>
/// <item>indicators, volume analysis and numeric node outputs (<see cref="NodeValue"/>) → <c>indicators.internal.{symbol}.{id}</c> /
/// <c>indicators.public.{symbol}.{id}</c>, id = the pipeline node id; for a <see cref="NodeValue"/> of a node with several
/// outputs, <c>{node}-{port}</c> (a hyphen: node ids are letters, digits and <c>_</c>, so the id stays unambiguous and one
/// subject token, and <c>indicators.public.{symbol}.*</c> still matches every indicator)</item>
/// <item>market structure → <c>structure.internal.{symbol}.{type}</c> / <c>market_structure.{symbol}.{type}</c></item>
/// <item>trade signals, position updates, risk → <c>signals.internal.{symbol}.{type}</c> / <c>strategies.signals|positions|risk.{symbol}</c></item>
/// </list>
/// Subjects are built once per stream and cached, so publishing allocates no strings in the steady state.
/// The same mapping turns an internal subject into its public one (<see cref="TryMapInternalToPublic"/>) for the
/// standalone external publisher.
/// </summary>
public sealed class OutputRouting
{
    private readonly SymbolRegistry _symbols;
    private readonly Func<SymbolId, int, string?> _nodeName;
    private readonly Func<SymbolId, int, int, string?> _portName;
    private readonly Dictionary<(MessageType Kind, int Symbol, int Key, int Port), OutputRoute> _cache = [];

    /// <param name="symbols">the symbol names.</param>
    /// <param name="nodeName">the pipeline id of a compiled node index (null: the type name and index are used).</param>
    /// <param name="portName">the name of a node's output port when the node has several outputs, null when it has one
    /// (null function: port 0 takes the node's id alone, other ports <c>{node}-{port index}</c>).</param>
    public OutputRouting(SymbolRegistry symbols, Func<int, string?>? nodeName = null, Func<int, int, string?>? portName = null)
    {
        _symbols = symbols;
        var node = nodeName ?? (_ => null);
        var ports = portName ?? ((_, port) => port == 0 ? null : port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _nodeName = (_, n) => node(n);
        _portName = (_, n, p) => ports(n, p);
    }

    /// <summary>
    /// Names per symbol, for an engine whose symbols run different pipelines (<c>te run --config</c>): node index
    /// <c>n</c> of ES and of SPY are different nodes.
    /// </summary>
    /// <param name="symbols">the symbol names.</param>
    /// <param name="nodeName">the pipeline id of a compiled node index of the symbol's pipeline (null: type name and index).</param>
    /// <param name="portName">the name of a node's output port when the node has several outputs, else null.</param>
    public OutputRouting(SymbolRegistry symbols, Func<SymbolId, int, string?> nodeName, Func<SymbolId, int, int, string?> portName)
    {
        _symbols = symbols;
        _nodeName = nodeName;
        _portName = portName;
    }

    public OutputRoute Route(in OutputMessage m)
    {
        var key = (m.Kind, m.Symbol.Value, m.Kind == MessageType.Candle ? m.Candle.Timeframe.Seconds : IsIndicator(m.Kind) ? m.NodeId : 0,
            m.Kind == MessageType.NodeValue ? m.NodeValue.Port : 0);
        if (_cache.TryGetValue(key, out var route))
            return route;
        route = Build(in m);
        _cache[key] = route;
        return route;
    }

    public static bool IsIndicator(MessageType kind) =>
        kind is (>= MessageType.MovingAverage and <= MessageType.NodeValue) or (>= MessageType.VolumeProfile and <= MessageType.CumulativeDelta);

    public static bool IsStructure(MessageType kind) => kind is >= MessageType.SwingPoint and <= MessageType.BreakOfStructure;

    public static bool IsStrategy(MessageType kind) => kind is >= MessageType.TradeSignal and <= MessageType.RiskMetric;

    private OutputRoute Build(in OutputMessage m)
    {
        var symbol = _symbols.NameOf(m.Symbol);
        var type = NatsSubjects.TypeName(m.Kind);
        if (m.Kind == MessageType.Candle)
            return new(NatsSubjects.CandlesInternal(symbol, m.Candle.Timeframe), NatsSubjects.CandlesPublic(symbol, m.Candle.Timeframe));
        if (IsIndicator(m.Kind))
        {
            var id = _nodeName(m.Symbol, m.NodeId) ?? $"{type}_{m.NodeId}";
            if (m.Kind == MessageType.NodeValue && _portName(m.Symbol, m.NodeId, m.NodeValue.Port) is { } port)
                id = $"{id}-{port}";
            return new(NatsSubjects.IndicatorsInternal(symbol, id), NatsSubjects.IndicatorsPublic(symbol, id));
        }
        if (IsStructure(m.Kind))
            return new(NatsSubjects.StructureInternal(symbol, type), NatsSubjects.MarketStructure(symbol, type));
        if (IsStrategy(m.Kind))
            return new(NatsSubjects.StrategiesInternal(symbol, type), PublicStrategySubject(symbol, m.Kind));
        throw new ArgumentException($"output kind {m.Kind} has no subject", nameof(m));
    }

    private static string PublicStrategySubject(string symbol, MessageType kind) => kind switch
    {
        MessageType.TradeSignal => NatsSubjects.StrategiesSignals(symbol),
        MessageType.PositionUpdate => NatsSubjects.StrategiesPositions(symbol),
        _ => NatsSubjects.StrategiesRisk(symbol),
    };

    /// <summary>The public subject of an internal one, and the symbol it names; false for anything else.</summary>
    public static bool TryMapInternalToPublic(string internalSubject, out string publicSubject, out string symbol)
    {
        publicSubject = "";
        symbol = "";
        var parts = internalSubject.Split('.');
        if (parts.Length != 4 || parts[1] != "internal")
            return false;
        symbol = parts[2];
        var last = parts[3];
        switch (parts[0])
        {
            case "candles":
                if (!Timeframe.TryParse(last, out var tf))
                    return false;
                publicSubject = NatsSubjects.CandlesPublic(symbol, tf);
                return true;
            case "indicators":
                publicSubject = NatsSubjects.IndicatorsPublic(symbol, last);
                return true;
            case "structure":
                publicSubject = NatsSubjects.MarketStructure(symbol, last);
                return true;
            case "signals":
                if (!WireName.TryParse<MessageType>(last, out var kind) || !IsStrategy(kind))
                    return false;
                publicSubject = PublicStrategySubject(symbol, kind);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The wildcard subjects of every internal output stream (what <c>te publish</c> subscribes to).</summary>
    public static IReadOnlyList<string> InternalWildcards { get; } =
    [
        NatsSubjects.CandlesInternalPrefix + ">", NatsSubjects.IndicatorsInternalPrefix + ">",
        NatsSubjects.StructureInternalPrefix + ">", NatsSubjects.StrategiesInternalPrefix + ">",
    ];
}
