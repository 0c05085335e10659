using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Configuration;

/// <summary>
/// Reads the instrument registry's YAML (<c>pipelines/instruments.yaml</c>; the format is described on
/// <see cref="InstrumentRegistry"/>) as <c>InstrumentRegistry.Load(path, symbols)</c> and
/// <c>InstrumentRegistry.Parse(yaml, file, symbols)</c>: the registry stays in TradingEngine.Types, which depends on
/// nothing, and its file is read here with the other configuration files. Every error names file:line.
/// </summary>
public static class InstrumentRegistryLoader
{
    extension(InstrumentRegistry)
    {
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
            return InstrumentRegistry.Parse(text, path, symbols);
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
                case "roll": roll = ParseRoll(file, value, symbol); break;
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

    /// <summary>Reads a registry <c>roll:</c> map (<c>months</c>, <c>rule</c>, <c>days_before_expiry</c>, <c>expiry</c>).</summary>
    private static FutureRoll ParseRoll(string file, YamlNode node, string symbol)
    {
        if (node is not YamlMap map)
            throw new InstrumentRegistryException(file, node.Line, $"{symbol}: roll is a map with months, rule, days_before_expiry, expiry");
        string? months = null;
        RollRule? rule = null;
        int? days = null;
        var expiry = ExpiryRule.ThirdFriday;
        var daysLine = map.Line;
        foreach (var (key, line, value) in map.Entries)
        {
            var text = value is YamlScalar { IsNull: false } s
                ? s.Value
                : throw new InstrumentRegistryException(file, value.Line, $"{symbol}: roll {key} must be a single value");
            switch (key)
            {
                case "months":
                    if (text.Length == 0 || text.Any(c => !FutureRoll.MonthCodes.Contains(c)) || text.Distinct().Count() != text.Length)
                        throw new InstrumentRegistryException(file, value.Line, $"{symbol}: roll months '{text}' must be distinct CME month codes from {FutureRoll.MonthCodes}, like HMUZ");
                    months = text;
                    break;
                case "rule":
                    rule = text switch
                    {
                        "volume" => RollRule.Volume,
                        "open_interest" => RollRule.OpenInterest,
                        "days_before_expiry" => RollRule.DaysBeforeExpiry,
                        _ => throw new InstrumentRegistryException(file, value.Line, $"{symbol}: roll rule is '{text}', expected volume, open_interest or days_before_expiry"),
                    };
                    break;
                case "days_before_expiry":
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d > 60)
                        throw new InstrumentRegistryException(file, value.Line, $"{symbol}: roll days_before_expiry is '{text}', expected a whole number of business days 0..60");
                    days = d;
                    daysLine = value.Line;
                    break;
                case "expiry":
                    expiry = text switch
                    {
                        "third_friday" => ExpiryRule.ThirdFriday,
                        "third_last_business_day" => ExpiryRule.ThirdLastBusinessDay,
                        "two_days_before_third_wednesday" => ExpiryRule.TwoDaysBeforeThirdWednesday,
                        _ => throw new InstrumentRegistryException(file, value.Line,
                            $"{symbol}: roll expiry is '{text}', expected third_friday, third_last_business_day or two_days_before_third_wednesday"),
                    };
                    break;
                default:
                    throw new InstrumentRegistryException(file, line, $"{symbol}: unknown roll key '{key}' (expected months, rule, days_before_expiry, expiry)");
            }
        }
        if (months is null || rule is null)
            throw new InstrumentRegistryException(file, map.Line, $"{symbol}: roll needs months and rule");
        if (rule == RollRule.DaysBeforeExpiry && days is null)
            throw new InstrumentRegistryException(file, map.Line, $"{symbol}: roll rule days_before_expiry needs days_before_expiry: N");
        if (rule != RollRule.DaysBeforeExpiry && days is not null)
            throw new InstrumentRegistryException(file, daysLine, $"{symbol}: roll days_before_expiry is only read by rule days_before_expiry");
        return new FutureRoll(months, rule.Value, days ?? 0, expiry);
    }
}
