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

    /// <summary>Loads a YAML instrument file; errors throw <see cref="InstrumentRegistryException"/> naming file:line.</summary>
    public static InstrumentRegistry Load(string path, SymbolRegistry symbols)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InstrumentRegistryException(path, 0, $"cannot read: {e.Message}");
        }
        return Parse(text, path, symbols);
    }

    /// <summary>Parses YAML text; <paramref name="file"/> is only used in error messages.</summary>
    public static InstrumentRegistry Parse(string yaml, string file, SymbolRegistry symbols)
    {
        var root = YamlNode.Parse(yaml, file) as YamlMap
                   ?? throw new InstrumentRegistryException(file, 1, "expected a map with 'instruments:' at the top");
        var policy = UnknownSymbolPolicy.Reject;
        TimeSpan? skew = null;
        var sessions = new Dictionary<string, InstrumentSession>(StringComparer.Ordinal);
        YamlSeq? list = null;
        foreach (var (key, line, value) in root.Entries)
        {
            switch (key)
            {
                case "unknown_symbols":
                    policy = Scalar(file, value, key) switch
                    {
                        "reject" => UnknownSymbolPolicy.Reject,
                        "admit" => UnknownSymbolPolicy.Admit,
                        var other => throw new InstrumentRegistryException(file, value.Line, $"unknown_symbols is '{other}', expected 'reject' or 'admit'"),
                    };
                    break;
                case "sessions":
                    if (value is not YamlMap sessionMap)
                        throw new InstrumentRegistryException(file, value.Line, "sessions must be a map of name → calendar");
                    foreach (var (name, _, calendar) in sessionMap.Entries)
                        sessions[name] = ParseSession(file, calendar, name);
                    break;
                case "max_clock_skew":
                    skew = Duration(file, value, key);
                    break;
                case "instruments":
                    list = value as YamlSeq ?? throw new InstrumentRegistryException(file, value.Line, "instruments must be a list");
                    break;
                default:
                    throw new InstrumentRegistryException(file, line, $"unknown key '{key}' (expected unknown_symbols, max_clock_skew, sessions, instruments)");
            }
        }
        if (list is null)
            throw new InstrumentRegistryException(file, root.Line, "missing 'instruments:'");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<(string Symbol, int Line, YamlMap Map)>();
        foreach (var item in list.Items)
        {
            if (item is not YamlMap map)
                throw new InstrumentRegistryException(file, item.Line, "each instrument must be a map");
            var symbolNode = map.Entries.FirstOrDefault(e => e.Key == "symbol").Value
                             ?? throw new InstrumentRegistryException(file, map.Line, "instrument without 'symbol'");
            var symbol = Scalar(file, symbolNode, "symbol");
            if (symbol.Length == 0 || symbol.Any(char.IsWhiteSpace))
                throw new InstrumentRegistryException(file, symbolNode.Line, $"symbol '{symbol}' is empty or has spaces");
            if (seen.TryGetValue(symbol, out var firstLine))
                throw new InstrumentRegistryException(file, symbolNode.Line, $"symbol '{symbol}' is listed twice (first at line {firstLine})");
            seen[symbol] = symbolNode.Line;
            parsed.Add((symbol, symbolNode.Line, map));
        }
        var instruments = new List<Instrument>(parsed.Count);
        foreach (var (symbol, _, map) in parsed)
            instruments.Add(ParseInstrument(file, map, symbol, sessions, symbols));
        return new InstrumentRegistry(symbols, instruments, policy, skew);
    }

    private static Instrument ParseInstrument(string file, YamlMap map, string symbol, Dictionary<string, InstrumentSession> sessions,
        SymbolRegistry symbols)
    {
        YamlNode? tick = null, sessionNode = null;
        int? pricePrecision = null;
        string? pipeline = null;
        var sizePrecision = 0;
        var pointValue = 1m;
        var currency = "USD";
        string? description = null;
        YamlNode? maxJump = null, reanchor = null;
        FutureRoll? roll = null;
        foreach (var (key, line, value) in map.Entries)
        {
            switch (key)
            {
                case "symbol": break;
                case "tick_size": tick = value; break;
                case "price_precision": pricePrecision = Precision(file, value, key); break;
                case "size_precision": sizePrecision = Precision(file, value, key); break;
                case "point_value":
                    pointValue = Decimal(file, value, key);
                    if (pointValue <= 0)
                        throw new InstrumentRegistryException(file, value.Line, $"{symbol}: point_value {pointValue} must be positive");
                    break;
                case "currency":
                    currency = Scalar(file, value, key);
                    if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
                        throw new InstrumentRegistryException(file, value.Line, $"{symbol}: currency '{currency}' is not an ISO 4217 code like USD");
                    break;
                case "session": sessionNode = value; break;
                case "description": description = Scalar(file, value, key); break;
                case "max_jump": maxJump = value; break;
                case "reanchor_trades": reanchor = value; break;
                case "pipeline": pipeline = PipelinePath(file, Scalar(file, value, key)); break;
                case "roll": roll = FutureRoll.Parse(file, value, symbol); break;
                default:
                    throw new InstrumentRegistryException(file, line,
                        $"{symbol}: unknown key '{key}' (expected symbol, tick_size, price_precision, size_precision, point_value, currency, session, pipeline, description, max_jump, reanchor_trades, roll)");
            }
        }
        if (pricePrecision is not { } pp)
            throw new InstrumentRegistryException(file, map.Line, $"{symbol}: missing price_precision");
        if (tick is null)
            throw new InstrumentRegistryException(file, map.Line, $"{symbol}: missing tick_size");
        var tickText = Scalar(file, tick, "tick_size");
        if (!Price.TryParse(tickText, out var tickSize) || tickSize.Raw <= 0)
            throw new InstrumentRegistryException(file, tick.Line, $"{symbol}: tick_size '{tickText}' is not a positive decimal");
        if (!tickSize.TryWithPrecision(pp, out _))
            throw new InstrumentRegistryException(file, tick.Line, $"{symbol}: tick_size {tickText} has more decimals than price_precision {pp}");
        if (sessionNode is null)
            throw new InstrumentRegistryException(file, map.Line, $"{symbol}: missing session");
        InstrumentSession session;
        if (sessionNode is YamlScalar named)
        {
            if (!sessions.TryGetValue(named.Value, out session!))
                throw new InstrumentRegistryException(file, named.Line,
                    $"{symbol}: session '{named.Value}' is not defined under sessions: (defined: {string.Join(", ", sessions.Keys)})");
        }
        else
        {
            session = ParseSession(file, sessionNode, symbol);
        }
        return new Instrument(symbols.GetOrAdd(symbol), symbol, tickSize, pp, sizePrecision, pointValue, currency, session, description,
            ParseBand(file, symbol, maxJump, reanchor))
        {
            DefaultPipeline = pipeline,
            Roll = roll,
        };
    }

    private static PriceBandRule ParseBand(string file, string symbol, YamlNode? maxJump, YamlNode? reanchor)
    {
        if (maxJump is null)
        {
            if (reanchor is not null)
                throw new InstrumentRegistryException(file, reanchor.Line, $"{symbol}: reanchor_trades without max_jump");
            return default;
        }
        var text = Scalar(file, maxJump, "max_jump");
        if (!PriceBandRule.TryParseMaxJump(text, out var ppm))
            throw new InstrumentRegistryException(file, maxJump.Line, $"{symbol}: max_jump is '{text}', expected a positive percentage like 10% (at most 4 decimals)");
        var trades = PriceBandRule.DefaultReanchorTrades;
        if (reanchor is not null)
        {
            var t = Scalar(file, reanchor, "reanchor_trades");
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out trades) || trades < 2)
                throw new InstrumentRegistryException(file, reanchor.Line, $"{symbol}: reanchor_trades is '{t}', expected a whole number of at least 2");
        }
        return new PriceBandRule(ppm, trades);
    }

    private static InstrumentSession ParseSession(string file, YamlNode node, string owner)
    {
        if (node is not YamlMap map)
            throw new InstrumentRegistryException(file, node.Line, $"{owner}: a session is a map with time_zone, open, close, anchor");
        string? zone = null;
        TimeOnly? open = null, close = null, anchor = null;
        var zoneLine = map.Line;
        foreach (var (key, line, value) in map.Entries)
        {
            switch (key)
            {
                case "time_zone": zone = Scalar(file, value, key); zoneLine = value.Line; break;
                case "open": open = Time(file, value, key); break;
                case "close": close = Time(file, value, key); break;
                case "anchor": anchor = Time(file, value, key); break;
                default:
                    throw new InstrumentRegistryException(file, line, $"{owner}: unknown session key '{key}' (expected time_zone, open, close, anchor)");
            }
        }
        if (zone is null || open is null || close is null)
            throw new InstrumentRegistryException(file, map.Line, $"{owner}: a session needs time_zone, open and close");
        try
        {
            return new InstrumentSession(zone, open.Value, close.Value, anchor ?? open.Value);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InstrumentRegistryException(file, zoneLine, $"{owner}: time zone '{zone}' is not known to this system (an IANA id like America/Chicago; is tzdata installed?)");
        }
    }

    // a pipeline file is named relative to the registry file's directory (pipelines/), so it resolves from any directory
    private static string PipelinePath(string file, string pipeline) =>
        Path.IsPathRooted(pipeline) ? pipeline : Path.Combine(Path.GetDirectoryName(file) ?? "", pipeline);

    private static string Scalar(string file, YamlNode node, string key) => node is YamlScalar { IsNull: false } s
        ? s.Value
        : throw new InstrumentRegistryException(file, node.Line, $"{key} must be a single value");

    private static int Precision(string file, YamlNode node, string key)
    {
        var text = Scalar(file, node, key);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > FixedPoint.MaxPrecision)
            throw new InstrumentRegistryException(file, node.Line, $"{key} is '{text}', expected 0..{FixedPoint.MaxPrecision}");
        return p;
    }

    private static decimal Decimal(string file, YamlNode node, string key)
    {
        var text = Scalar(file, node, key);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            throw new InstrumentRegistryException(file, node.Line, $"{key} is '{text}', expected a decimal number");
        return d;
    }

    private static TimeSpan Duration(string file, YamlNode node, string key)
    {
        var text = Scalar(file, node, key);
        if (!DurationText.TryParse(text, out var value) || value < TimeSpan.FromMilliseconds(1))
            throw new InstrumentRegistryException(file, node.Line, $"{key} is '{text}', expected a duration like 5s or 500ms (at least 1 ms)");
        return value;
    }

    private static TimeOnly Time(string file, YamlNode node, string key)
    {
        var text = Scalar(file, node, key);
        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            throw new InstrumentRegistryException(file, node.Line, $"{key} is '{text}', expected HH:mm (24-hour, exchange local time)");
        return t;
    }
}
