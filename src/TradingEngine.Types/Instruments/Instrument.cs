namespace TradingEngine.Types;

/// <summary>
/// One tradable instrument: how its prices and sizes are written (precisions, tick size), what a point is worth,
/// its currency and its session calendar. Loaded from <c>pipelines/instruments.yaml</c> by <see cref="InstrumentRegistry"/>.
/// </summary>
public sealed class Instrument
{
    public Instrument(SymbolId id, string symbol, Price tickSize, int pricePrecision, int sizePrecision, decimal pointValue,
        string currency, InstrumentSession session, string? description = null, PriceBandRule priceBand = default)
    {
        if ((uint)pricePrecision > FixedPoint.MaxPrecision || (uint)sizePrecision > FixedPoint.MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(pricePrecision), "precisions are 0..9");
        Id = id;
        Symbol = symbol;
        TickSize = tickSize.WithPrecision(pricePrecision);
        PricePrecision = (byte)pricePrecision;
        SizePrecision = (byte)sizePrecision;
        PointValue = pointValue;
        Currency = currency;
        Session = session;
        Description = description;
        PriceBand = priceBand;
        Root = symbol;
    }

    public SymbolId Id { get; }
    public string Symbol { get; }
    /// <summary>The minimum price increment, at <see cref="PricePrecision"/>.</summary>
    public Price TickSize { get; }
    public byte PricePrecision { get; }
    public byte SizePrecision { get; }
    /// <summary>Currency value of one full point of price per unit of size (ES 50, NQ 20, 6E 125000, shares 1).</summary>
    public decimal PointValue { get; }
    /// <summary>ISO 4217 code of the quote currency.</summary>
    public string Currency { get; }
    public InstrumentSession Session { get; }
    public string? Description { get; }
    /// <summary>The trade-price plausibility band (<c>max_jump</c>, <c>reanchor_trades</c>); default: none.</summary>
    public PriceBandRule PriceBand { get; }

    /// <summary>
    /// The registry entry this contract resolves to (ES for ESH4, GC for GCZ13), whose tick size, precisions, point value
    /// and session it carries; its own <see cref="Symbol"/> for an instrument listed in the registry.
    /// </summary>
    public string Root { get; init; }

    /// <summary>The pipeline this instrument runs when <c>te replay</c> is given none (registry key <c>pipeline:</c>); null: --pipeline is required.</summary>
    public string? DefaultPipeline { get; init; }

    /// <summary>For a future root, its contract months and roll rule (registry key <c>roll:</c>); null otherwise and for contracts.</summary>
    public FutureRoll? Roll { get; init; }

    /// <summary>The instrument <paramref name="contract"/> of this root: same tick size, precisions, point value, session and pipeline.</summary>
    public Instrument ForContract(SymbolId id, string contract) =>
        new(id, contract, TickSize, PricePrecision, SizePrecision, PointValue, Currency, Session, Description, PriceBand)
        {
            Root = Symbol,
            DefaultPipeline = DefaultPipeline,
        };

    /// <summary>True when <paramref name="price"/> is a whole number of ticks.</summary>
    public bool IsOnTick(Price price) =>
        price.TryWithPrecision(PricePrecision, out var p) && TickSize.Raw != 0 && p.Raw % TickSize.Raw == 0;

    public override string ToString() => $"{Symbol} tick {TickSize} prec {PricePrecision}/{SizePrecision} pv {PointValue} {Currency} {Session}";
}
