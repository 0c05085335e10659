using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// The instruments this deployment trades, loaded from YAML (<c>pipelines/instruments.yaml</c>), with the policy for
/// symbols it does not list. Symbols are interned into the given <see cref="SymbolRegistry"/> in file order, so ids
/// are deterministic for a given file. Lookup by <see cref="SymbolId"/> is an array index. Immutable once built, except that
/// <see cref="TryResolve"/> adds the futures contracts it resolves (copy on write: lookups never lock).
/// <para>File format: a top-level map with <c>unknown_symbols: reject|admit</c>, an optional <c>sessions:</c> map of
/// named calendars (<c>time_zone</c>, <c>open</c>, <c>close</c>, <c>anchor</c> as HH:mm, the anchor defaulting to open)
/// and <c>instruments:</c>, a list of maps with <c>symbol</c>, <c>tick_size</c>, <c>price_precision</c>,
/// <c>size_precision</c> (default 0), <c>point_value</c> (default 1), <c>currency</c> (default USD), <c>session</c>
/// (a name from <c>sessions</c> or an inline map), an optional <c>pipeline</c> (the pipeline file <c>te replay</c> runs
/// the instrument through when given none, relative to the registry file's directory), an optional <c>description</c>,
/// and an optional trade-price band: <c>max_jump</c> as a percentage (<c>10%</c>) with <c>reanchor_trades</c> (default 3,
/// see <see cref="PriceBand"/>), and for a future root an optional <c>roll:</c> map (<see cref="FutureRoll"/>). Futures contracts of a listed root (ESH4, GCZ13) resolve to it through
/// <see cref="TryResolve"/>. Every error names file:line.</para>
/// </summary>
public sealed class InstrumentRegistry
{
    private Instrument?[] _byId;
    private readonly Instrument[] _all;
    private readonly object _contractLock = new();

    public InstrumentRegistry(SymbolRegistry symbols, IEnumerable<Instrument> instruments, UnknownSymbolPolicy unknownSymbols, TimeSpan? maxClockSkew = null)
    {
        Symbols = symbols;
        UnknownSymbols = unknownSymbols;
        MaxClockSkew = maxClockSkew ?? ClockSkewGuard.DefaultMaxSkew;
        _all = instruments.ToArray();
        _byId = new Instrument?[_all.Length == 0 ? 1 : _all.Max(i => i.Id.Value) + 1];
        foreach (var i in _all)
        {
            if (_byId[i.Id.Value] is not null)
                throw new ArgumentException($"instrument {i.Symbol} is listed twice", nameof(instruments));
            _byId[i.Id.Value] = i;
        }
    }

    public SymbolRegistry Symbols { get; }

    public UnknownSymbolPolicy UnknownSymbols { get; }

    /// <summary>
    /// <c>max_clock_skew</c> (top level, like <c>5s</c> or <c>500ms</c>; default 5 s): how far a live event's time may be
    /// ahead of the engine's wall clock (<see cref="ClockSkewGuard"/>, <see cref="RejectReason.FutureTimestamp"/>).
    /// </summary>
    public TimeSpan MaxClockSkew { get; }

    /// <summary>In file order.</summary>
    public IReadOnlyList<Instrument> Instruments => _all;

    public bool TryGet(SymbolId id, out Instrument instrument)
    {
        var table = _byId;
        if ((uint)id.Value < (uint)table.Length && table[id.Value] is { } i)
        {
            instrument = i;
            return true;
        }
        instrument = null!;
        return false;
    }

    public bool TryGet(string symbol, out Instrument instrument)
    {
        instrument = null!;
        return Symbols.TryGet(symbol, out var id) && TryGet(id, out instrument);
    }

    public Instrument this[string symbol] =>
        TryGet(symbol, out var i) ? i : throw new KeyNotFoundException($"instrument '{symbol}' is not in the registry");

    /// <summary>
    /// The instrument of <paramref name="symbol"/>: a listed one, or a futures contract of a listed root
    /// (<c>ESH4</c>, <c>GCZ13</c>, <c>6EH24</c>: root, CME month code, 1–2 year digits) with the root's tick size,
    /// precisions, point value, session and pipeline, its <see cref="Instrument.Root"/> naming the root. A resolved
    /// contract is interned into <see cref="Symbols"/> and found by <see cref="TryGet(SymbolId, out Instrument)"/>
    /// afterwards. Cold path (setup and import), not for the per-event path.
    /// </summary>
    public bool TryResolve(string symbol, out Instrument instrument)
    {
        if (TryGet(symbol, out instrument))
            return true;
        if (!TryParseContract(symbol, out var root) || !TryGet(root, out var rootInstrument) || rootInstrument.Root != rootInstrument.Symbol)
            return false;
        lock (_contractLock)
        {
            if (TryGet(symbol, out instrument))
                return true;
            var id = Symbols.GetOrAdd(symbol);
            instrument = rootInstrument.ForContract(id, symbol);
            var table = _byId;
            if ((uint)id.Value >= (uint)table.Length)
                Array.Resize(ref table, id.Value + 1);
            else
                table = (Instrument?[])table.Clone();
            table[id.Value] = instrument;
            _byId = table; // copy on write: a reader holds either the old table or the complete new one
            return true;
        }
    }

    /// <summary>
    /// Splits a futures contract symbol into its root: <c>ESH4</c> → ES, <c>GCZ13</c> → GC, <c>6EH24</c> → 6E (the root
    /// followed by a CME month code F G H J K M N Q U V X Z and one or two year digits). False for anything else.
    /// </summary>
    public static bool TryParseContract(string symbol, out string root)
    {
        root = "";
        var digits = 0;
        var i = symbol.Length - 1;
        for (; i >= 0 && char.IsAsciiDigit(symbol[i]); i--)
            digits++;
        if (digits is < 1 or > 2 || i < 1 || !MonthCodes.Contains(symbol[i]))
            return false;
        root = symbol[..i];
        return true;
    }

    /// <summary>
    /// The vendor's contract symbol normalised: <c>GC</c> + expiry <c>201312</c> (Lean) → <c>GCZ13</c>. An expiry that
    /// is not yyyyMM leaves <paramref name="root"/> + expiry.
    /// </summary>
    public static string ContractSymbol(string root, string expiry)
    {
        if (expiry.Length == 6 && int.TryParse(expiry.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            && int.TryParse(expiry.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            return string.Create(CultureInfo.InvariantCulture, $"{root}{MonthCodes[month - 1]}{year % 100:00}");
        return root + expiry;
    }

    /// <summary>True when <c>--symbols</c> entry <paramref name="selector"/> selects <paramref name="symbol"/>: the symbol itself, or a root selecting each of its contracts (ES selects ESH4).</summary>
    public static bool Selects(string selector, string symbol) =>
        string.Equals(selector, symbol, StringComparison.Ordinal)
        || (TryParseContract(symbol, out var root) && string.Equals(root, selector, StringComparison.Ordinal));

    private const string MonthCodes = "FGHJKMNQUVXZ";
}
