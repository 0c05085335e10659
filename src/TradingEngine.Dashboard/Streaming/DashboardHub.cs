using System.Buffers;
using System.Text;
using TradingEngine.Types;

namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// The dashboard's one copy of the outputs: every output it receives (from the internal NATS subjects) gets the next
/// event id and is encoded once as JSON; a bounded history serves clients that resume after an id, and the live state
/// (the last <see cref="DashboardHubOptions.CandlesPerSeries"/> closed candles of each symbol and timeframe, the forming
/// one, and the last <see cref="DashboardHubOptions.OtherEvents"/> structure, signal, position and indicator outputs)
/// is the snapshot a page opened mid-session starts from. Each client has its own <see cref="ClientQueue"/>: a slow one
/// drops only forming-candle updates (counted) or is told to resync; it never slows <see cref="Publish"/>.
/// </summary>
public sealed class DashboardHub
{
    private static readonly byte[] s_head = Encoding.UTF8.GetBytes("{\"id\":");
    private static readonly byte[] s_mid = Encoding.UTF8.GetBytes(",\"m\":");

    private readonly object _gate = new();
    private readonly DashboardHubOptions _options;
    private readonly JsonMessageEncoder _encoder;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Queue<DashboardEvent> _history = new();
    private readonly Dictionary<(int Symbol, int Seconds), Queue<DashboardEvent>> _candles = [];
    private readonly Dictionary<(int Symbol, int Seconds), DashboardEvent> _forming = [];
    private readonly Queue<DashboardEvent> _other = new();
    private readonly List<ClientQueue> _clients = [];
    private readonly FormingCandles _previews = new();
    private readonly CompactShapes _shapes = new();
    private long _lastId;
    private long _droppedFormingOfGone;
    private long _resyncs;
    private long _rejected;

    public DashboardHub(SymbolRegistry symbols, DashboardHubOptions? options = null)
    {
        _options = options ?? new DashboardHubOptions();
        _encoder = new JsonMessageEncoder(symbols, "te-dashboard");
    }

    public DashboardHubOptions Options => _options;

    /// <summary>The id of the last output received (0: none yet).</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
                return _lastId;
        }
    }

    /// <summary>Takes one output: encodes it, gives it the next id, keeps it for snapshots and resumes, queues it for every client.</summary>
    public void Publish(in OutputMessage message)
    {
        lock (_gate)
            PublishLocked(in message);
    }

    /// <summary>
    /// Takes one raw tick (<c>ticks.raw.{symbol}</c>, as <see cref="RawTickFollower"/> reads them) into the forming
    /// candles of its symbol's series (<see cref="FormingCandles"/>); <see cref="FlushForming"/> publishes them.
    /// </summary>
    public void OnTick(in Tick tick)
    {
        lock (_gate)
            _previews.OnTick(in tick);
    }

    /// <summary>Publishes every forming candle changed by ticks since the last flush (forming events: droppable for slow clients).</summary>
    public void FlushForming()
    {
        lock (_gate)
            _previews.Flush(this, static (hub, candle) => hub.PublishLocked(OutputMessage.From(in candle, -1)));
    }

    private void PublishLocked(in OutputMessage message)
    {
        {
            _json.ResetWrittenCount();
            try
            {
                _encoder.Encode(in message, _json);
            }
            catch (ArgumentException)
            {
                _rejected++; // an output with no JSON form (NaN): counted, shown in the stats
                return;
            }
            var id = ++_lastId;
            Span<byte> idText = stackalloc byte[20];
            System.Buffers.Text.Utf8Formatter.TryFormat(id, idText, out var digits);
            var frame = new byte[s_head.Length + digits + s_mid.Length + _json.WrittenCount + 1];
            var span = frame.AsSpan();
            s_head.CopyTo(span);
            idText[..digits].CopyTo(span[s_head.Length..]);
            s_mid.CopyTo(span[(s_head.Length + digits)..]);
            _json.WrittenSpan.CopyTo(span[(s_head.Length + digits + s_mid.Length)..]);
            frame[^1] = (byte)'}';
            var forming = message.Kind == MessageType.Candle && !message.Candle.IsClosed;
            if (message.Kind == MessageType.Candle && !forming)
                _previews.OnClosed(in message.Candle);
            var (shape, row) = _shapes.Split(_json.WrittenSpan);
            var e = new DashboardEvent(id, frame, forming, shape, row);
            Keep(in message, e);
            foreach (var client in _clients)
                client.Offer(e);
        }
    }

    private void Keep(in OutputMessage message, DashboardEvent e)
    {
        _history.Enqueue(e);
        if (_history.Count > _options.History)
            _history.Dequeue();
        if (message.Kind == MessageType.Candle)
        {
            var key = (message.Candle.Symbol.Value, message.Candle.Timeframe.Seconds);
            if (e.Forming)
            {
                _forming[key] = e;
                return;
            }
            _forming.Remove(key);
            if (!_candles.TryGetValue(key, out var series))
                _candles.Add(key, series = new Queue<DashboardEvent>());
            series.Enqueue(e);
            if (series.Count > _options.CandlesPerSeries)
                series.Dequeue();
            return;
        }
        _other.Enqueue(e);
        if (_other.Count > _options.OtherEvents)
            _other.Dequeue();
    }

    /// <summary>
    /// Registers a client. With <paramref name="since"/> still in the history, it receives every event after it
    /// (<c>resume</c>); else the snapshot (<c>snapshot</c>). Both come in id order, and nothing published meanwhile is
    /// missed or repeated: the events and the registration are taken under one lock.
    /// </summary>
    public ClientQueue Attach(long? since, out List<DashboardEvent> initial, out bool resumed)
    {
        var client = new ClientQueue(_options.ClientQueue);
        lock (_gate)
        {
            resumed = since is { } s && s <= _lastId && (s == _lastId || (_history.Count > 0 && _history.Peek().Id <= s + 1));
            initial = resumed ? _history.Where(e => e.Id > since!.Value).ToList() : SnapshotLocked();
            _clients.Add(client);
            if (since is not null)
                _resyncs++;
        }
        return client;
    }

    /// <summary>Stops queueing for <paramref name="client"/> (its drops stay in the totals).</summary>
    public void Detach(ClientQueue client)
    {
        client.Close();
        lock (_gate)
        {
            if (_clients.Remove(client))
                _droppedFormingOfGone += client.DroppedForming;
        }
    }

    /// <summary>The snapshot: kept candles, forming candles and other outputs, in id order.</summary>
    public List<DashboardEvent> Snapshot()
    {
        lock (_gate)
            return SnapshotLocked();
    }

    private List<DashboardEvent> SnapshotLocked()
    {
        var all = new List<DashboardEvent>(_other.Count + _forming.Count + _candles.Values.Sum(q => q.Count));
        foreach (var series in _candles.Values)
            all.AddRange(series);
        all.AddRange(_forming.Values);
        all.AddRange(_other);
        all.Sort((a, b) => a.Id.CompareTo(b.Id));
        return all;
    }

    /// <summary>Counters for <c>/api/stats</c> and the command's summary.</summary>
    public DashboardStats Stats()
    {
        lock (_gate)
        {
            return new DashboardStats(_lastId, _clients.Count, _droppedFormingOfGone + _clients.Sum(c => c.DroppedForming),
                _resyncs, _rejected, _clients.Count(c => c.Behind),
                new TickPreviewStats(_previews.Folded, _previews.NoSeries, _previews.Late, _previews.Unscalable));
        }
    }
}
