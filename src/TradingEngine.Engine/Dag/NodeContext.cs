using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// What a node sees while it evaluates: the current event, the last tick and quote, the candles
/// of its candle inputs, the values of its number inputs, and its own outputs to write.
/// </summary>
/// <remarks>
/// Ports are addressed by index in the kind's declared order (<see cref="NodeKindInfo.Inputs"/>,
/// <see cref="NodeKindInfo.Outputs"/>); a variadic port has <see cref="Count"/> bindings addressed by
/// <c>index</c>. One context per symbol is reused for every step: never keep it beyond
/// <see cref="INode{TSelf}.Evaluate"/>. All reads are array loads; nothing allocates.
/// </remarks>
public sealed class NodeContext
{
    internal const byte ModeBoard = 0;
    internal const byte ModeClosed = 1;
    internal const byte ModeForming = 2;
    internal const byte ModeExternal = 3;
    internal const byte ModeStream = 4;

    // The value board (DagInstance's) and its valid flags; compiled plans' inline candle bridges (PlanCompiler) read
    // them through StepFrame.
    internal readonly long[] BoardValues;
    internal readonly bool[] BoardValid;

    // The aggregator's per-timeframe states (fixed for the aggregator's life), which those bridges read in place.
    internal readonly BarState[] Bars;
    private readonly ulong[] _changed;
    private readonly int[] _portStart;
    private readonly int[] _bindSlot;
    private readonly byte[] _bindMode;
    private readonly int[] _bindSignal;

    // The first binding of every input port and the port's number of bindings, by PortBase + port: most reads are of
    // binding 0 (the index argument's default), and this takes them in one load instead of the port's start and then
    // the binding.
    private readonly PortHead[] _heads;
    private readonly CandleBoard _candles;
    private readonly MessageBuffer _messages;
    // The current event. Trades, quotes and heartbeats are not copied whole (104 bytes, the largest copy on their
    // path): their header (kind, symbol, sequence) goes here and their payload to LastTick, LastQuote or (a heartbeat's)
    // here, and Event rebuilds the whole event for the rare node that reads it. CurrentTime is the event's time.
    internal MarketEvent CurrentEvent;
    internal long CurrentTime;
    internal Tick LastTick;
    internal Quote LastQuote;
    internal int PortBase;
    internal int OutputBase;
    internal int CurrentStep;

    // The exception of a node that threw inside a compiled plan (StepFrame.Fail), taken by DagInstance.
    internal Exception? PlanError;

    internal NodeContext(CompiledDag dag, long[] board, bool[] valid, ulong[] changed, CandleBoard candles, MessageBuffer messages, SymbolId symbol)
    {
        _messages = messages;
        BoardValues = board;
        BoardValid = valid;
        _changed = changed;
        // copies of the compiled DAG's binding arrays (read-only spans there), read on every input access
        _portStart = dag.PortStart.ToArray();
        _bindSlot = dag.BindSlot.ToArray();
        _bindMode = dag.BindMode.ToArray();
        _bindSignal = dag.BindSignal.ToArray();
        _heads = new PortHead[Math.Max(0, dag.PortStart.Length - 1)];
        for (var i = 0; i < _heads.Length; i++)
        {
            // a port without bindings (an optional input left out) gets what Binding() would give for it
            var b = dag.PortStart[i];
            _heads[i] = b < dag.BindSlot.Length ? new PortHead(dag.BindSlot[b], dag.BindSignal[b], dag.BindMode[b], dag.PortStart[i + 1] - b) : default;
        }
        _candles = candles;
        Bars = candles.Aggregator.States;
        Symbol = symbol;
    }

    /// <summary>The symbol this DAG instance runs for.</summary>
    public SymbolId Symbol { get; }

    /// <summary>The event being processed.</summary>
    public ref readonly MarketEvent Event
    {
        get
        {
            // a trade, quote or heartbeat as it was fed, from its parts (see BeginTick, BeginQuote, BeginTimer)
            var kind = CurrentEvent.Kind;
            if (kind is MarketEventKind.Tick or MarketEventKind.Quote or MarketEventKind.Timer)
            {
                var whole = new MarketEvent { Kind = kind, Symbol = CurrentEvent.Symbol, SourceSequence = CurrentEvent.SourceSequence };
                switch (kind)
                {
                    case MarketEventKind.Tick: whole.Tick = LastTick; break;
                    case MarketEventKind.Quote: whole.Quote = LastQuote; break;
                    default: whole.Timer = CurrentEvent.Timer; break;
                }
                CurrentEvent = whole;
            }
            return ref CurrentEvent;
        }
    }

    /// <summary>Event time of the current event (UTC nanoseconds, exchange clock).</summary>
    public long EventTime => CurrentTime;

    /// <summary>The last tick seen (the current one on a tick event).</summary>
    public ref readonly Tick Tick => ref LastTick;

    /// <summary>The last quote seen (the current one on a quote event).</summary>
    public ref readonly Quote Quote => ref LastQuote;

    /// <summary>How many references are bound to input <paramref name="port"/> (1 for a plain port, 0 for an unbound optional one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Count(int port) => _heads[PortBase + port].Count;

    /// <summary>The double value of Number input <paramref name="port"/> (binding <paramref name="index"/> of a variadic port).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Number(int port, int index = 0) => BitConverter.Int64BitsToDouble(BoardValues[Slot(port, index)]);

    /// <summary>The long value of Integer input <paramref name="port"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Integer(int port, int index = 0) => BoardValues[Slot(port, index)];

    /// <summary>
    /// The double value of Number input <paramref name="port"/> when the upstream output holds one: <see cref="IsValid"/>
    /// and <see cref="Number"/> in one read of the port (Number and Integer inputs are always node outputs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNumber(int port, out double value)
    {
        var slot = _heads[PortBase + port].Slot;
        value = BitConverter.Int64BitsToDouble(BoardValues[slot]);
        return BoardValid[slot];
    }

    /// <summary>Whether the upstream output bound to <paramref name="port"/> holds a value (false while it warms up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsValid(int port, int index = 0)
    {
        var slot = Slot(port, index);
        return Mode(port, index) switch
        {
            ModeBoard => BoardValid[slot],
            ModeClosed => _candles.HasClosed(slot),
            ModeForming => _candles.HasForming(slot),
            ModeExternal => _candles.HasExternal(slot),
            _ => true,
        };
    }

    /// <summary>Whether the source or node bound to <paramref name="port"/> changed in this event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Changed(int port, int index = 0)
    {
        var signal = Signal(port, index);
        return (_changed[signal >> 6] & (1UL << signal)) != 0;
    }

    /// <summary>
    /// The candle of Candle input <paramref name="port"/>: the last closed candle for <c>candles:TF</c>,
    /// the forming candle for <c>forming:TF</c>, the last external candle for <c>external:TF</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Candle Candle(int port, int index = 0)
    {
        var tf = Slot(port, index);
        switch (Mode(port, index))
        {
            case ModeForming: return ref Bars[tf].Forming;
            case ModeExternal: return ref _candles.External(tf);
            default: return ref Bars[tf].Closed;
        }
    }

    // Candle, FormingCandle and ClosedCandle read the aggregator's states array directly (two loads fewer than
    // through the board and the aggregator; delta and footprint read the closed candle on every trade).

    /// <summary>The forming candle of the timeframe bound to Candle input <paramref name="port"/>, whatever its flavour.</summary>
    public ref readonly Candle FormingCandle(int port, int index = 0) => ref Bars[Slot(port, index)].Forming;

    /// <summary>The last closed candle of the timeframe bound to Candle input <paramref name="port"/>, whatever its flavour.</summary>
    public ref readonly Candle ClosedCandle(int port, int index = 0) => ref Bars[Slot(port, index)].Closed;

    /// <summary>All candles of the pipeline, for nodes that read timeframes they do not subscribe to.</summary>
    public CandleBoard Candles => _candles;

    /// <summary>Writes a double to output <paramref name="port"/> and marks it valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNumber(int port, double value)
    {
        BoardValues[OutputBase + port] = BitConverter.DoubleToInt64Bits(value);
        BoardValid[OutputBase + port] = true;
    }

    /// <summary>
    /// The node's first <paramref name="count"/> outputs, for a node that writes several on one event: one range check
    /// for them all instead of two per write. Use it within <see cref="INode{TSelf}.Evaluate"/> only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public OutputWriter Outputs(int count) => new(BoardValues.AsSpan(OutputBase, count), BoardValid.AsSpan(OutputBase, count));

    /// <summary>Writes a long to output <paramref name="port"/> and marks it valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetInteger(int port, long value)
    {
        BoardValues[OutputBase + port] = value;
        BoardValid[OutputBase + port] = true;
    }

    /// <summary>Marks output <paramref name="port"/> as holding no value (e.g. after a reset).</summary>
    public void SetInvalid(int port) => BoardValid[OutputBase + port] = false;

    /// <summary>The node's own current value of output <paramref name="port"/> as a double.</summary>
    public double OwnNumber(int port) => BitConverter.Int64BitsToDouble(BoardValues[OutputBase + port]);

    /// <summary>
    /// Emits a typed catalog message (swing point, fair value gap, trade signal, …) to the output ring.
    /// <see cref="OutputMessage.NodeId"/> is set to this node's step index and the source sequence to the
    /// event's; messages reach the sink after the DAG walk, in emission order.
    /// </summary>
    public void Emit<TMessage>(in TMessage payload)
        where TMessage : struct, ICatalogMessage<TMessage>
    {
        ref var slot = ref _messages.Add();
        slot = default;
        slot.NodeId = CurrentStep;
        slot.SourceSequence = CurrentEvent.SourceSequence;
        slot.Set(in payload);
    }

    /// <summary>Makes trade <paramref name="e"/> the current event: its header and time here, its payload as the last tick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BeginTick(in MarketEvent e)
    {
        SetHeader(MarketEventKind.Tick, in e, e.Tick.EventTime);
        LastTick = e.Tick;
    }

    /// <summary>Makes quote <paramref name="e"/> the current event: its header and time here, its payload as the last quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BeginQuote(in MarketEvent e)
    {
        SetHeader(MarketEventKind.Quote, in e, e.Quote.EventTime);
        LastQuote = e.Quote;
    }

    /// <summary>Makes heartbeat <paramref name="e"/> the current event: its header, payload and time, not its whole slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BeginTimer(in MarketEvent e)
    {
        SetHeader(MarketEventKind.Timer, in e, e.Timer.EventTime);
        CurrentEvent.Timer = e.Timer;
    }

    // The current event's header (kind, symbol, sequence) and time, without its payload.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetHeader(MarketEventKind kind, in MarketEvent e, long time)
    {
        CurrentEvent.Kind = kind;
        CurrentEvent.Symbol = e.Symbol;
        CurrentEvent.SourceSequence = e.SourceSequence;
        CurrentTime = time;
    }

    /// <summary>Makes any other event the current one, copied whole.</summary>
    internal void BeginOther(in MarketEvent e)
    {
        CurrentEvent = e;
        CurrentTime = e.EventTime;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Binding(int port, int index) => _portStart[PortBase + port] + index;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int port, int index) => index == 0 ? _heads[PortBase + port].Slot : _bindSlot[Binding(port, index)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Signal(int port, int index) => index == 0 ? _heads[PortBase + port].Signal : _bindSignal[Binding(port, index)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Mode(int port, int index) => index == 0 ? _heads[PortBase + port].Mode : _bindMode[Binding(port, index)];

    // 16 bytes: one load per read, the port's binding count beside its first binding (an optional port's test and
    // its read touch one line)
    private readonly record struct PortHead(int Slot, int Signal, byte Mode, int Count);
}

/// <summary>Several outputs of the evaluating node (<see cref="NodeContext.Outputs"/>): each write stores the value and marks it valid.</summary>
public readonly ref struct OutputWriter
{
    private readonly Span<long> _values;
    private readonly Span<bool> _valid;

    internal OutputWriter(Span<long> values, Span<bool> valid)
    {
        _values = values;
        _valid = valid;
    }

    /// <summary>Writes a double to output <paramref name="port"/> (below the count asked for) and marks it valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetNumber(int port, double value)
    {
        _values[port] = BitConverter.DoubleToInt64Bits(value);
        _valid[port] = true;
    }
}
