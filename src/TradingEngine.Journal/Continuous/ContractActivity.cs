using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// The first pass of a continuous series: per trading session and contract of one future root, the volume traded and
/// the last trade price (ticks, or candle closes for bar data), of events at the root's price precision only.
/// <see cref="RollSchedule.Build"/> decides the fronts from it. Symbols are classified once per <see cref="SymbolId"/>.
/// </summary>
public sealed class ContractActivity
{
    /// <summary>Volume and last price of one contract in one session.</summary>
    public struct Stats
    {
        public long Volume;
        public long LastTime;
        public long LastPriceRaw;
        public bool HasPrice;
    }

    private readonly SymbolRegistry _symbols;
    private readonly TradingSessions _sessions;
    private readonly ContractClassifier _classify;
    private readonly Dictionary<long, Dictionary<ContractKey, Stats>> _bySession = [];
    private readonly Dictionary<ContractKey, string> _names = [];

    public ContractActivity(Instrument root, SymbolRegistry symbols)
    {
        Root = root;
        Roll = root.Roll ?? throw new ArgumentException($"instrument {root.Symbol} has no roll: in the instrument registry (months, rule); see docs/rolls.md", nameof(root));
        _symbols = symbols;
        _sessions = new TradingSessions(root.Session);
        _classify = new ContractClassifier(root, symbols);
    }

    public Instrument Root { get; }
    public FutureRoll Roll { get; }
    public TradingSessions Sessions => _sessions;

    /// <summary>Events of the root's in-cycle contracts seen.</summary>
    public long Events { get; private set; }

    /// <summary>Adds one input event (any symbol; those of no in-cycle contract of the root are passed over).</summary>
    public void Observe(in MarketEvent e)
    {
        if (_classify.Classify(e.Symbol, e.EventTime, out var key) != ContractClass.InCycle)
            return;
        long volume, price;
        switch (e.Kind)
        {
            // an event at another precision never joins the series (ContinuousDrop.Precision): its raw price is not
            // comparable with the root's, so it neither votes for a roll nor sets a reference price
            case MarketEventKind.Tick when e.Tick.PricePrecision == Root.PricePrecision:
                volume = e.Tick.SizeRaw;
                price = e.Tick.PriceRaw;
                break;
            case MarketEventKind.Candle when e.Candle.PricePrecision == Root.PricePrecision:
                volume = e.Candle.VolumeRaw;
                price = e.Candle.CloseRaw;
                break;
            default:
                return;
        }
        Events++;
        var start = _sessions.StartOf(e.EventTime);
        if (!_bySession.TryGetValue(start, out var contracts))
            _bySession[start] = contracts = [];
        if (!_names.ContainsKey(key))
            _names[key] = _symbols.NameOf(e.Symbol);
        ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(contracts, key, out _);
        s.Volume += volume;
        if (!s.HasPrice || e.EventTime >= s.LastTime)
        {
            s.LastTime = e.EventTime;
            s.LastPriceRaw = price;
            s.HasPrice = true;
        }
    }

    /// <summary>Session starts with data, in time order.</summary>
    public IReadOnlyList<long> SessionStarts => _bySession.Keys.Order().ToList();

    /// <summary>What each contract did in the session starting <paramref name="start"/> (empty when nothing).</summary>
    public IReadOnlyDictionary<ContractKey, Stats> In(long start) =>
        _bySession.TryGetValue(start, out var s) ? s : new Dictionary<ContractKey, Stats>();

    /// <summary>The data's spelling of a contract (ESZ13, or ESZ3), or the registry's when it never traded.</summary>
    public string NameOf(ContractKey key) => _names.TryGetValue(key, out var n) ? n : key.Symbol(Root.Symbol);
}
