using System.IO.Compression;
using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Lean (AlgoSeek) US equity quote ticks: <c>time_ms,bid_decicents,bid_size,ask_decicents,ask_size,exchange,condition_hex,suspicious</c>,
/// no header, ms since New York midnight, prices × 10,000. Each row is one side of one venue's quote (the other side
/// is <c>0,0</c>), kept as such: a <see cref="Quote"/> with the absent side zero. Reads plain CSVs and Lean's zip files
/// (one CSV member) via <see cref="OpenZip"/>.
/// </summary>
internal sealed class LeanEquityQuoteReader : MarketDataFileReader<Quote>
{
    public const int PricePrecision = 4;

    private readonly SymbolId _symbol;
    private readonly ExchangeDayClock _clock;

    public LeanEquityQuoteReader(string path, SymbolId symbol, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, LeanFileName.Parse(path).Date, symbol, policy)
    {
    }

    public LeanEquityQuoteReader(Stream stream, string source, DateOnly date, SymbolId symbol,
        BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false, IDisposable? owner = null)
        : base(stream, source, policy, headerLines: 0, leaveOpen, owner)
    {
        _symbol = symbol;
        _clock = new ExchangeDayClock(date, ExchangeDayClock.NewYork);
    }

    /// <summary>
    /// Opens the single CSV member of a Lean quote zip (<c>20131007_quote.zip</c> holding
    /// <c>20131007_bac_Quote_Tick.csv</c>); the date comes from the member's name.
    /// </summary>
    public static LeanEquityQuoteReader OpenZip(string zipPath, SymbolId symbol, BadRowPolicy policy = BadRowPolicy.Flag)
    {
        var archive = ZipFile.OpenRead(zipPath);
        try
        {
            var entry = archive.Entries.FirstOrDefault(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                        ?? throw new InvalidDataException($"{zipPath}: no .csv member; expected one Lean quote CSV");
            var date = LeanFileName.Parse(entry.Name).Date;
            return new LeanEquityQuoteReader(entry.Open(), $"{zipPath}!{entry.FullName}", date, symbol, policy, owner: archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Quote quote)
    {
        quote = default;
        var f = new AsciiFields(line);
        f.TryNext(out var field);
        if (!AsciiNumber.TryParseFixed(field, 6, out var nanos) || nanos < 0)
            return NotANumber(0, field, "milliseconds since New York midnight");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var bid))
            return NotANumber(1, field, "a bid in deci-cents (integer)");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var bidSize))
            return NotANumber(2, field, "a bid size (integer)");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var ask))
            return NotANumber(3, field, "an ask in deci-cents (integer)");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var askSize))
            return NotANumber(4, field, "an ask size (integer)");
        if (!f.TryNext(out var venue) || venue.Length > 2)
            return Malformed(5, venue, "a one-letter exchange code");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseHexUInt32(field, out var conditions))
            return Malformed(6, field, "quote-condition flags in hex");
        if (!f.TryNext(out var suspicious) || suspicious.Length != 1 || (suspicious[0] != (byte)'0' && suspicious[0] != (byte)'1'))
            return Malformed(7, suspicious, "the suspicious flag 0 or 1");
        if (!f.AtEnd)
            return Malformed("more than 8 fields; expected time,bid,bid_size,ask,ask_size,exchange,condition,suspicious");

        quote.Symbol = _symbol;
        quote.PricePrecision = PricePrecision;
        quote.EventTime = _clock.ToUtcNanos(nanos);
        quote.BidRaw = bid;
        quote.BidSizeRaw = bidSize;
        quote.AskRaw = ask;
        quote.AskSizeRaw = askSize;
        quote.Venue = LeanVenue.Encode(venue);
        quote.Conditions = conditions;
        if (suspicious[0] == (byte)'1')
        {
            quote.Flags = QuoteFlags.Suspicious;
            return RowIssue.Suspicious;
        }
        return QuoteValidation.Check(bid, bidSize, ask, askSize);
    }

    protected override void MarkFlagged(ref Quote value) => value.Flags |= QuoteFlags.Flagged;

    protected override long OrderingTime(in Quote value) => value.EventTime;
}
