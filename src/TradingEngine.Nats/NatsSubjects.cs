using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// The subject contract of DESIGN §5. External subjects (<c>ticks.raw</c>, <c>*.public</c>, <c>strategies.*</c>,
/// <c>market_structure.*</c>) are versioned with the JSON payloads; internal ones may change freely.
/// Timeframes appear as their text form (<c>1m</c>, <c>4h</c>); type names in snake_case (<c>fair_value_gap</c>).
/// </summary>
public static class NatsSubjects
{
    public const string TicksRawPrefix = "ticks.raw.";
    public const string QuotesRawPrefix = "quotes.raw.";
    public const string CandlesExternalPrefix = "candles.external.";
    /// <summary>
    /// External triggers: <c>dag.trigger.{symbol}</c> carries a <c>timer</c> message (the envelope's timestamp is the time
    /// reached) that makes the symbol's DAG re-evaluate on an external event: the timer source fires (nodes with input
    /// <c>timer</c>) and candles whose bucket has ended close. Journaled and replayed like any input event.
    /// </summary>
    public const string DagTriggerPrefix = "dag.trigger.";
    public const string DeadLetterPrefix = "deadletter.";
    public const string CandlesInternalPrefix = "candles.internal.";
    public const string IndicatorsInternalPrefix = "indicators.internal.";
    /// <summary>
    /// Internal binary form of market-structure events: <c>structure.internal.{symbol}.{type}</c> (not under
    /// <c>market_structure.</c>, where a subscriber to the public <c>market_structure.&gt;</c> would receive it).
    /// </summary>
    public const string StructureInternalPrefix = "structure.internal.";
    /// <summary>Internal binary form of strategy messages: <c>signals.internal.{symbol}.{type}</c>.</summary>
    public const string StrategiesInternalPrefix = "signals.internal.";

    /// <summary>Header carrying the <see cref="RejectReason"/> name on a dead-lettered message.</summary>
    public const string RejectReasonHeader = "TE-Reject-Reason";
    /// <summary>Header carrying the human-readable rejection detail (field and value).</summary>
    public const string RejectDetailHeader = "TE-Reject-Detail";
    /// <summary>Header telling binary from JSON on input subjects (<c>application/x-te-binary</c>); JSON when absent.</summary>
    public const string ContentTypeHeader = "Content-Type";
    public const string BinaryContentType = "application/x-te-binary";

    public static string TicksRaw(string symbol) => TicksRawPrefix + symbol;
    public static string QuotesRaw(string symbol) => QuotesRawPrefix + symbol;
    public static string CandlesExternal(string symbol, Timeframe timeframe) => $"{CandlesExternalPrefix}{symbol}.{timeframe}";
    public static string DagTrigger(string symbol) => DagTriggerPrefix + symbol;
    public static string DeadLetter(string originalSubject) => DeadLetterPrefix + originalSubject;

    public static string IndicatorsPublic(string symbol, string id) => $"indicators.public.{symbol}.{id}";
    public static string StrategiesSignals(string symbol) => "strategies.signals." + symbol;
    public static string StrategiesPositions(string symbol) => "strategies.positions." + symbol;
    /// <summary>Risk metrics (not in the seed's table, which has no subject for them).</summary>
    public static string StrategiesRisk(string symbol) => "strategies.risk." + symbol;
    public static string MarketStructure(string symbol, string type) => $"market_structure.{symbol}.{type}";
    /// <summary>Public candles (JSON). Not in the seed's table: added so dashboards need not read internal binary.</summary>
    public static string CandlesPublic(string symbol, Timeframe timeframe) => $"candles.public.{symbol}.{timeframe}";

    public static string CandlesInternal(string symbol, Timeframe timeframe) => $"{CandlesInternalPrefix}{symbol}.{timeframe}";
    public static string IndicatorsInternal(string symbol, string id) => $"{IndicatorsInternalPrefix}{symbol}.{id}";
    public static string StructureInternal(string symbol, string type) => $"{StructureInternalPrefix}{symbol}.{type}";
    public static string StrategiesInternal(string symbol, string type) => $"{StrategiesInternalPrefix}{symbol}.{type}";

    /// <summary>
    /// Splits an input subject into its kind and symbol (and timeframe for candles). Symbols may not contain
    /// dots (a dot is the NATS token separator), so <c>ticks.raw.ES.Z3</c> is not a tick subject.
    /// </summary>
    public static bool TryParseInput(string subject, out MarketEventKind kind, out ReadOnlySpan<char> symbol, out Timeframe timeframe)
    {
        timeframe = default;
        symbol = default;
        kind = MarketEventKind.None;
        var s = subject.AsSpan();
        if (s.StartsWith(TicksRawPrefix))
        {
            symbol = s[TicksRawPrefix.Length..];
            kind = MarketEventKind.Tick;
        }
        else if (s.StartsWith(QuotesRawPrefix))
        {
            symbol = s[QuotesRawPrefix.Length..];
            kind = MarketEventKind.Quote;
        }
        else if (s.StartsWith(CandlesExternalPrefix))
        {
            var rest = s[CandlesExternalPrefix.Length..];
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !Timeframe.TryParse(rest[(dot + 1)..], out timeframe))
                return false;
            symbol = rest[..dot];
            kind = MarketEventKind.Candle;
        }
        else if (s.StartsWith(DagTriggerPrefix))
        {
            symbol = s[DagTriggerPrefix.Length..];
            kind = MarketEventKind.Timer;
        }
        else
            return false;
        return symbol.Length > 0 && !symbol.Contains('.') && !symbol.ContainsAny('*', '>');
    }

    /// <summary>The snake_case name of a message type, as in the JSON <c>type</c> and in subjects (<see cref="WireName"/>).</summary>
    public static string TypeName(MessageType type) => WireName.Of(type);
}
