using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// Consumes the output messages of a run, in order (every kind may be passed; strategies are recognised by their
/// TradeSignal and PositionUpdate messages, keyed by <see cref="OutputMessage.NodeId"/>), and builds a
/// <see cref="BacktestReport"/>. Days are the UTC dates of the event times of all messages seen. Not for the hot path:
/// it allocates per trade.
/// </summary>
public sealed class BacktestReportBuilder
{
    private const long NanosPerDay = 86_400_000_000_000L;

    private readonly Func<int, string> _name;
    private readonly SortedDictionary<int, Book> _books = [];
    private readonly SortedSet<long> _days = [];

    /// <summary>A builder naming strategies with <paramref name="strategyName"/> (node id → name, e.g. the pipeline's step id).</summary>
    public BacktestReportBuilder(Func<int, string> strategyName) => _name = strategyName;

    /// <summary>Adds one message of the run.</summary>
    public void Add(in OutputMessage message)
    {
        if (message.Kind == MessageType.None)
            return;
        _days.Add(Math.DivRem(message.EventTime, NanosPerDay, out var rem) - (rem < 0 ? 1 : 0));
        if (message.Kind == MessageType.TradeSignal)
        {
            var s = message.TradeSignal;
            var book = BookOf(message.NodeId);
            if (s.Action == SignalAction.Entry)
                book.EntryReason = (SignalReason)s.ReasonCode;
            else if (s.Action == SignalAction.Exit)
                book.ExitReason = (SignalReason)s.ReasonCode;
        }
        else if (message.Kind == MessageType.PositionUpdate)
        {
            var u = message.PositionUpdate;
            var book = BookOf(message.NodeId);
            if (book.Side == PositionSide.Flat && u.Side != PositionSide.Flat)
            {
                book.OpenSide = u.Side;
                book.EntryTime = u.EventTime;
                book.EntryPrice = u.AveragePrice;
                book.Quantity = u.Quantity.ToDouble();
                book.RealizedBefore = book.Realized;
                book.OpenReason = book.EntryReason;
            }
            else if (book.Side != PositionSide.Flat && u.Side == PositionSide.Flat)
            {
                book.Trades.Add(new TradeRecord(
                    book.Name, message.NodeId, book.OpenSide, book.EntryTime, book.EntryPrice, u.EventTime, u.MarkPrice.ToDouble(),
                    book.Quantity, u.RealizedPnl - book.RealizedBefore, book.OpenReason, book.ExitReason));
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
        foreach (var (node, book) in _books)
        {
            stats.Add(Compute(book, node, days));
            trades.AddRange(book.Trades);
        }
        return new BacktestReport(stats, trades, days.Length);
    }

    private static StrategyStats Compute(Book book, int node, long[] days)
    {
        int wins = 0, losses = 0;
        double profit = 0, loss = 0, equity = 0, peak = 0, drawdown = 0;
        var daily = new double[days.Length];
        foreach (var t in book.Trades)
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
            peak = Math.Max(peak, equity);
            drawdown = Math.Max(drawdown, peak - equity);
            var day = Math.DivRem(t.ExitTime, NanosPerDay, out var rem) - (rem < 0 ? 1 : 0);
            var i = Array.BinarySearch(days, day);
            if (i >= 0)
                daily[i] += t.Pnl;
        }
        var n = book.Trades.Count;
        return new StrategyStats(
            book.Name, node, n, wins, losses,
            n == 0 ? 0 : (double)wins / n,
            profit, loss,
            loss > 0 ? profit / loss : null,
            n == 0 ? 0 : equity / n,
            equity, drawdown, Sharpe(daily), days.Length);
    }

    /// <summary>Mean over sample standard deviation (n − 1) of daily PnL, × √252; risk-free rate 0.</summary>
    internal static double? Sharpe(double[] daily)
    {
        if (daily.Length < 2)
            return null;
        var sum = 0.0;
        foreach (var d in daily)
            sum += d;
        var mean = sum / daily.Length;
        var squares = 0.0;
        foreach (var d in daily)
            squares += (d - mean) * (d - mean);
        var sd = Math.Sqrt(squares / (daily.Length - 1));
        return sd > 0 ? mean / sd * Math.Sqrt(252) : null;
    }

    private Book BookOf(int node)
    {
        if (!_books.TryGetValue(node, out var book))
        {
            book = new Book { Name = _name(node) };
            _books.Add(node, book);
        }
        return book;
    }

    private sealed class Book
    {
        public required string Name;
        public readonly List<TradeRecord> Trades = [];
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
