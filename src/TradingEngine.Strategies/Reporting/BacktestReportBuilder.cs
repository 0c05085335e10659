using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// Consumes the output messages of a run, in order (every kind may be passed; strategies are recognised by their
/// TradeSignal and PositionUpdate messages), and builds a <see cref="BacktestReport"/>. Positions are followed per
/// symbol and strategy node (each symbol's DAG has its own tracker: ES's and NQ's updates of one strategy must not be
/// mixed); trades and statistics are per strategy, named by the pipeline's node id, across symbols. Days are the UTC dates of the event times of all messages seen. Not for the hot path:
/// it allocates per trade.
/// </summary>
public sealed class BacktestReportBuilder
{
    private const long NanosPerDay = 86_400_000_000_000L;

    private readonly Func<SymbolId, int, string> _name;
    private readonly Dictionary<(int Symbol, int Node), Position> _positions = [];
    private readonly Dictionary<string, Book> _books = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _days = [];
    private long _firstTime = long.MaxValue;
    private long _lastTime = long.MinValue;

    /// <summary>A builder naming strategies with <paramref name="strategyName"/> (node id → name, e.g. the pipeline's step id).</summary>
    public BacktestReportBuilder(Func<int, string> strategyName)
        : this((_, node) => strategyName(node))
    {
    }

    /// <summary>
    /// A builder for a run whose symbols may run different pipelines (<c>te replay --config</c>):
    /// <paramref name="strategyName"/> names node <c>n</c> of a symbol's pipeline.
    /// </summary>
    public BacktestReportBuilder(Func<SymbolId, int, string> strategyName) => _name = strategyName;

    /// <summary>A builder that resolves symbol names for the trades (<see cref="TradeRecord.Symbol"/>).</summary>
    public SymbolRegistry? Symbols { get; init; }

    /// <summary>The instrument registry of the run: the currency of each strategy's P&amp;L (<see cref="StrategyStats.Currency"/>).</summary>
    public InstrumentRegistry? Instruments { get; init; }

    /// <summary>Adds one message of the run.</summary>
    public void Add(in OutputMessage message)
    {
        if (message.Kind == MessageType.None)
            return;
        var time = message.EventTime;
        _days.Add(DayOf(time));
        _firstTime = Math.Min(_firstTime, time);
        _lastTime = Math.Max(_lastTime, time);
        if (message.Kind == MessageType.TradeSignal)
        {
            var s = message.TradeSignal;
            var book = PositionOf(message.Symbol, message.NodeId);
            if (s.Action == SignalAction.Entry)
                book.EntryReason = (SignalReason)s.ReasonCode;
            else if (s.Action == SignalAction.Exit)
                book.ExitReason = (SignalReason)s.ReasonCode;
        }
        else if (message.Kind == MessageType.PositionUpdate)
        {
            var u = message.PositionUpdate;
            var book = PositionOf(message.Symbol, message.NodeId);
            if (book.Side == PositionSide.Flat && u.Side != PositionSide.Flat)
            {
                book.OpenSide = u.Side;
                book.EntryTime = u.EventTime;
                book.EntryPrice = u.AveragePrice;
                book.Quantity = u.Quantity.ToDouble();
                book.RealizedBefore = book.Realized;
                book.OpenReason = book.EntryReason;
                book.Book.Symbols.Add(message.Symbol.Value);
            }
            else if (book.Side != PositionSide.Flat && u.Side == PositionSide.Flat)
            {
                book.Book.Trades.Add(new TradeRecord(
                    book.Book.Name, message.NodeId, book.OpenSide, book.EntryTime, book.EntryPrice, u.EventTime, u.MarkPrice.ToDouble(),
                    book.Quantity, u.RealizedPnl - book.RealizedBefore, book.OpenReason, book.ExitReason)
                {
                    Symbol = Symbols is { } names ? names.NameOf(message.Symbol) : message.Symbol.ToString(),
                });
                book.ExitReason = SignalReason.None;
            }
            book.Side = u.Side;
            book.Realized = u.RealizedPnl;
        }
    }

    /// <summary>Adds every message of <paramref name="messages"/>.</summary>
    public void AddRange(IEnumerable<OutputMessage> messages)
    {
        foreach (var m in messages)
            Add(in m);
    }

    /// <summary>The report of everything added so far (trades still open are not counted).</summary>
    public BacktestReport Build()
    {
        var days = _days.ToArray();
        var stats = new List<StrategyStats>();
        var trades = new List<TradeRecord>();
        // in node order, as each strategy first appeared (one pipeline: the steps' order)
        foreach (var book in _books.Values.OrderBy(b => b.Node).ThenBy(b => b.Name, StringComparer.Ordinal))
        {
            stats.Add(Compute(book, days, _firstTime, _lastTime) with { Currency = CurrencyOf(book) });
            trades.AddRange(book.Trades);
        }
        return new BacktestReport(stats, trades, days.Length)
        {
            Portfolio = PortfolioReport.From(stats, trades, InstrumentOf, _firstTime, _lastTime),
        };
    }

    private (double PointValue, string Currency)? InstrumentOf(string symbol) =>
        Instruments is { } registry && registry.TryResolve(symbol, out var i) ? ((double)i.PointValue, i.Currency) : null;

    private static long DayOf(long nanos) => Math.DivRem(nanos, NanosPerDay, out var rem) - (rem < 0 ? 1 : 0);

    private string CurrencyOf(Book book)
    {
        if (Instruments is not { } registry)
            return "?";
        var currencies = book.Symbols.Select(id => registry.TryGet(new SymbolId(id), out var i) ? i.Currency : "?").Distinct().ToList();
        return currencies.Count switch { 0 => "?", 1 => currencies[0], _ => "mixed" };
    }

    private static StrategyStats Compute(Book book, long[] days, long runStart, long runEnd)
    {
        int wins = 0, losses = 0;
        double profit = 0, loss = 0, equity = 0, peak = 0, drawdown = 0;
        // the drawdown clock: closed-trade equity is below its peak since peakTime (the run's start for the initial 0)
        long peakTime = runStart, longestBelow = 0;
        var below = false;
        var daily = new double[days.Length];
        foreach (var t in book.Trades.OrderBy(t => t.ExitTime))
        {
            if (t.Pnl > 0)
            {
                wins++;
                profit += t.Pnl;
            }
            else if (t.Pnl < 0)
            {
                losses++;
                loss -= t.Pnl;
            }
            equity += t.Pnl;
            if (equity >= peak)
            {
                if (below)
                    longestBelow = Math.Max(longestBelow, t.ExitTime - peakTime);
                below = false;
                peak = equity;
                peakTime = t.ExitTime;
            }
            else
            {
                below = true;
            }
            drawdown = Math.Max(drawdown, peak - equity);
            var i = Array.BinarySearch(days, DayOf(t.ExitTime));
            if (i >= 0)
                daily[i] += t.Pnl;
        }
        if (below)
            longestBelow = Math.Max(longestBelow, runEnd - peakTime);
        var n = book.Trades.Count;
        return new StrategyStats(
            book.Name, book.Node, n, wins, losses,
            n == 0 ? 0 : (double)wins / n,
            profit, loss,
            loss > 0 ? profit / loss : null,
            n == 0 ? 0 : equity / n,
            equity, drawdown, Sharpe(daily), days.Length)
        {
            Sortino = Sortino(daily),
            MaxDrawdownDurationNanos = longestBelow,
            Exposure = Exposure(book.Trades, runStart, runEnd),
            Daily = days.Select((d, k) => new DailyPnl(d, daily[k])).ToArray(),
        };
    }

    /// <summary>
    /// Mean over sample standard deviation (n − 1) of daily PnL, × √252; risk-free rate 0. Null below
    /// <see cref="BacktestReport.MinDaysForRatios"/> days: from 2 or 3 daily returns the ratio is noise (2 days with
    /// opposite P&amp;L of one size give 0, 3 days can give √84 = 9.17 whatever the strategy), not a statistic.
    /// </summary>
    internal static double? Sharpe(double[] daily)
    {
        if (daily.Length < BacktestReport.MinDaysForRatios)
            return null;
        var mean = daily.Average();
        var squares = 0.0;
        foreach (var d in daily)
            squares += (d - mean) * (d - mean);
        var sd = Math.Sqrt(squares / (daily.Length - 1));
        return sd > 0 ? mean / sd * Math.Sqrt(252) : null;
    }

    /// <summary>
    /// Mean daily PnL over the downside deviation √(Σ min(d, 0)² / n), target 0, over every day (Sortino &amp; Price), × √252.
    /// Null below <see cref="BacktestReport.MinDaysForRatios"/> days or without a losing day.
    /// </summary>
    internal static double? Sortino(double[] daily)
    {
        if (daily.Length < BacktestReport.MinDaysForRatios)
            return null;
        var squares = 0.0;
        foreach (var d in daily)
            squares += d < 0 ? d * d : 0;
        var downside = Math.Sqrt(squares / daily.Length);
        return downside > 0 ? daily.Average() / downside * Math.Sqrt(252) : null;
    }

    /// <summary>Time with at least one position open (the trades' [entry, exit) spans merged across symbols) over the run's span.</summary>
    private static double Exposure(List<TradeRecord> trades, long runStart, long runEnd)
    {
        if (trades.Count == 0 || runEnd <= runStart)
            return 0;
        long covered = 0, from = long.MinValue, to = long.MinValue;
        foreach (var t in trades.OrderBy(t => t.EntryTime))
        {
            if (t.EntryTime > to)
            {
                covered += to - from;
                (from, to) = (t.EntryTime, t.ExitTime);
            }
            else
            {
                to = Math.Max(to, t.ExitTime);
            }
        }
        covered += to - from;
        return Math.Min(1.0, (double)covered / (runEnd - runStart));
    }

    private Position PositionOf(SymbolId symbol, int node)
    {
        if (!_positions.TryGetValue((symbol.Value, node), out var position))
        {
            var name = _name(symbol, node);
            if (!_books.TryGetValue(name, out var book))
                _books.Add(name, book = new Book { Name = name, Node = node });
            _positions.Add((symbol.Value, node), position = new Position { Book = book });
        }
        return position;
    }

    /// <summary>One strategy's trades, across symbols.</summary>
    private sealed class Book
    {
        public required string Name;
        public required int Node;
        public readonly List<TradeRecord> Trades = [];
        public readonly SortedSet<int> Symbols = [];
    }

    /// <summary>One strategy's position on one symbol.</summary>
    private sealed class Position
    {
        public required Book Book;
        public PositionSide Side;
        public PositionSide OpenSide;
        public double Realized;
        public double RealizedBefore;
        public long EntryTime;
        public double EntryPrice;
        public double Quantity;
        public SignalReason EntryReason;
        public SignalReason OpenReason;
        public SignalReason ExitReason;
    }
}
