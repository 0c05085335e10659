using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The state of one compiled DAG for one symbol: node structs, the value board, and the per-event
/// changed/failed bits. Owned by exactly one thread (the symbol's executor).
/// </summary>
/// <remarks>
/// Per event the caller does <see cref="BeginEvent"/>, fires the sources the event produced
/// (<see cref="Fire"/>; tick, quote, timer and gap are fired by <see cref="BeginEvent"/> itself),
/// then <see cref="Execute{TSink}"/>. Execute walks the union of the fired sources' reachable-step
/// sets as a bitset in step order, so each step is visited at most once and only after all of its
/// inputs; a visited step runs only when one of its input signals changed and none of its upstream
/// nodes failed in this event.
/// </remarks>
public sealed unsafe partial class DagInstance
{
    private struct Step
    {
        public delegate*<NodeBank, int, NodeContext, bool> Evaluate;
        public NodeBank Bank;
        public int Index;
        public int PortBase;
        public int OutputBase;
        public int SignalStart;
        public int SignalEnd;

        // When every input signal of the step is in one word of the changed bits (any DAG of up to 64 signals,
        // and most steps of larger ones), "did an input change" is one AND: changed[MaskWord] & Mask.
        // MaskWord is −1 otherwise and the step's signal list is walked.
        public int MaskWord;
        public ulong Mask;
    }

    private readonly CompiledDag _dag;
    private readonly Step[] _steps;
    private readonly NodeBank[] _banks;
    private readonly int[] _signals;
    private readonly ulong[] _reach;
    private readonly ulong[] _changed;
    private readonly ulong[] _failed;
    private readonly ulong[] _todo;
    private readonly long[] _board;
    private readonly bool[] _valid;
    private readonly long[] _failureCounts;
    private readonly int[] _published;

    // The output signals of the published steps, as words of the changed bits: Execute calls Publish only when
    // one of them changed, which in most events none did.
    private readonly ulong[] _publishedMask;

    // DAGs whose steps and signals fit one word each (up to 64 steps, the usual pipeline) take Execute's inline path:
    // the words read in place, the published mask in a field.
    private readonly ulong _publishedMask0;
    private readonly bool _oneWord;
    private readonly NodeContext _context;
    private readonly ulong _allTimeframes;
    private readonly ulong _updateSignals;
    private readonly ulong _updateReach;
    private readonly MessageBuffer _messages = new();
    private readonly int _sourceCount;
    private readonly int _stepWords;
    private bool _anyFailed;
    private long _evaluations;
    private ArrayBufferWriter<byte>? _snapshotScratch;

    /// <summary>Creates the nodes of <paramref name="dag"/> for <paramref name="symbol"/>, reading candles from <paramref name="candles"/>.</summary>
    public DagInstance(CompiledDag dag, SymbolId symbol, CandleBoard candles)
    {
        _dag = dag;
        Symbol = symbol;
        Candles = candles;
        _sourceCount = dag.SourceCount;
        _stepWords = dag.StepWords;
        // the instance's own copies of what its walk reads per event (the compiled DAG's arrays are read-only spans)
        _signals = dag.Signals.ToArray();
        _reach = dag.Reach.ToArray();
        _changed = new ulong[dag.SignalWords];
        _failed = new ulong[Math.Max(1, dag.StepWords)];
        _todo = new ulong[Math.Max(1, dag.StepWords)];
        _board = new long[dag.BoardSize];
        _valid = new bool[dag.BoardSize];
        _failureCounts = new long[dag.Steps.Count];
        _steps = new Step[dag.Steps.Count];
        var banks = new Dictionary<NodeKind, NodeBank>(ReferenceEqualityComparer.Instance);
        var bankList = new List<NodeBank>();
        var bankOf = new int[_steps.Length];
        for (var s = 0; s < _steps.Length; s++)
        {
            var cs = dag.Steps[s];
            if (!banks.TryGetValue(cs.Kind, out var bank))
            {
                bank = cs.Kind.NewBank();
                banks.Add(cs.Kind, bank);
                bankList.Add(bank);
            }
            bankOf[s] = bankList.IndexOf(bank);
            _steps[s] = new Step
            {
                Evaluate = bank.Evaluator,
                Bank = bank,
                Index = bank.Add(cs.Parameters),
                PortBase = dag.PortBase[s],
                OutputBase = dag.OutputBaseOf[s],
                SignalStart = dag.SignalStart[s],
                SignalEnd = dag.SignalStart[s + 1],
            };
            (_steps[s].MaskWord, _steps[s].Mask) = SingleWordMask(dag.Signals[dag.SignalStart[s]..dag.SignalStart[s + 1]]);
        }
        _banks = bankList.ToArray();
        _published = Enumerable.Range(0, _steps.Length).Where(s => dag.Steps[s].PublishedPorts.Count > 0 || dag.Steps[s].PersistedPorts.Count > 0).ToArray();
        _publishedMask = new ulong[dag.SignalWords];
        foreach (var step in _published)
        {
            var sig = _sourceCount + step;
            _publishedMask[sig >> 6] |= 1UL << sig;
        }
        _oneWord = _todo.Length == 1 && _changed.Length == 1 && _publishedMask.Length == 1;
        _publishedMask0 = _publishedMask[0]; // a DAG has at least its fixed sources: one word
        _context = new NodeContext(dag, _board, _valid, _changed, candles, _messages, symbol);
        _bankOf = bankOf;
        // What a trade that updates every forming candle fires: the update sources' reach (one word of steps) and
        // their changed bits, which FireCandles ORs in at once when the sources sit in the first word of the changed
        // bits (up to 20 timeframes); otherwise _allTimeframes matches no event and FireEach fires them one by one.
        var updateReach = 0UL;
        if (_stepWords == 1)
        {
            for (var tf = 0; tf < dag.Timeframes.Length; tf++)
                updateReach |= _reach[dag.SourceSignal(EventSourceKind.CandleUpdate, tf)];
        }
        _allTimeframes = ulong.MaxValue;
        if (_stepWords == 1 && dag.Timeframes.Length <= 20)
        {
            _allTimeframes = (1UL << dag.Timeframes.Length) - 1;
            for (var tf = 0; tf < dag.Timeframes.Length; tf++)
                _updateSignals |= 1UL << dag.SourceSignal(EventSourceKind.CandleUpdate, tf);
            _updateReach = updateReach;
        }
        // compiled plans (DagInstance.Plan.cs) need one word of steps and every step's inputs in one word of the
        // changed bits (one AND per step)
        if (_stepWords == 1 && _steps.All(step => step.MaskWord >= 0))
        {
            var tickSet = _reach[dag.SourceSignal(EventSourceKind.Tick)];
            ulong[] sets = [tickSet | updateReach, tickSet, _reach[dag.SourceSignal(EventSourceKind.Quote)]];
            _compiledSets = sets.Where(set => set != 0).Distinct().ToArray();
            _compiledCode = new CompiledPlan?[_compiledSets.Length];
        }
    }

    /// <summary>The compiled graph.</summary>
    public CompiledDag Dag => _dag;

    /// <summary>The symbol.</summary>
    public SymbolId Symbol { get; }

    /// <summary>Candles the nodes read.</summary>
    public CandleBoard Candles { get; }

    /// <summary>Events processed.</summary>
    public long Events { get; private set; }

    /// <summary>Node evaluations performed.</summary>
    public long Evaluations => _evaluations;

    /// <summary>Node exceptions caught.</summary>
    public long Failures { get; private set; }

    /// <summary>Steps skipped because an upstream node failed in the same event.</summary>
    public long SkippedAfterFailure { get; private set; }

    /// <summary>The last failure, for operators.</summary>
    public NodeFailure? LastFailure { get; private set; }

    /// <summary>Called on each node failure (on the executor thread; keep it short).</summary>
    public Action<NodeFailure>? FailureObserver { get; set; }

    /// <summary>Failures per step.</summary>
    public ReadOnlySpan<long> FailureCounts => _failureCounts;

    /// <summary>Whether step <paramref name="step"/> produced a new output in the event being processed (valid until the end of <see cref="Execute{TSink}"/>).</summary>
    public bool StepChanged(int step)
    {
        var sig = _sourceCount + step;
        return (_changed[sig >> 6] & (1UL << sig)) != 0;
    }

    /// <summary>The double on output <paramref name="port"/> of step <paramref name="step"/>.</summary>
    public double Number(int step, int port = 0) => BitConverter.Int64BitsToDouble(_board[_dag.OutputBaseOf[step] + port]);

    /// <summary>The long on output <paramref name="port"/> of step <paramref name="step"/>.</summary>
    public long Integer(int step, int port = 0) => _board[_dag.OutputBaseOf[step] + port];

    /// <summary>Whether output <paramref name="port"/> of step <paramref name="step"/> holds a value.</summary>
    public bool IsValid(int step, int port = 0) => _valid[_dag.OutputBaseOf[step] + port];

    /// <summary>The raw value board (8 bytes per output slot), for hashing and comparisons.</summary>
    public ReadOnlySpan<long> Board => _board;

    /// <summary>Valid flag per board slot.</summary>
    public ReadOnlySpan<bool> BoardValid => _valid;

    /// <summary>Starts an event: makes it current and fires its own source (tick, quote, timer or gap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeginEvent(in MarketEvent e)
    {
        switch (e.Kind)
        {
            case MarketEventKind.Tick:
                BeginTick(in e);
                break;
            case MarketEventKind.Timer:
                BeginTimer(in e);
                break;
            case MarketEventKind.Quote:
                _context.BeginQuote(in e);
                Fire(1);
                break;
            case MarketEventKind.Gap:
                _context.BeginOther(in e);
                Fire(3);
                break;
            default:
                _context.BeginOther(in e);
                break;
        }
    }

    /// <summary><see cref="BeginEvent"/> for a trade (<paramref name="e"/> is one): the path a symbol's usual event takes, without the dispatch on its kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BeginTick(in MarketEvent e)
    {
        _context.BeginTick(in e);
        Fire(0);
    }

    /// <summary><see cref="BeginEvent"/> for a heartbeat (<paramref name="e"/> is one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void BeginTimer(in MarketEvent e)
    {
        _context.BeginTimer(in e);
        Fire(2);
    }

    /// <summary>Fires a candle source of timeframe <paramref name="timeframeIndex"/> for the current event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fire(EventSourceKind kind, int timeframeIndex) =>
        Fire(CompiledDag.FixedSources + CompiledDag.SourcesPerTimeframe * timeframeIndex + (kind - EventSourceKind.CandleClose));

    /// <summary>
    /// Fires the candle sources of one event: an update of the forming candle of every timeframe whose bit is set in
    /// <paramref name="updated"/>, a close of every one set in <paramref name="closed"/>. A trade that updates every
    /// forming candle and closes none is one OR into the changed bits and one into the schedule.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FireCandles(ulong updated, ulong closed)
    {
        if (closed == 0 && updated == _allTimeframes)
        {
            // word 0 of both (each has at least one), read without a range check on every trade
            MemoryMarshal.GetArrayDataReference(_changed) |= _updateSignals;
            MemoryMarshal.GetArrayDataReference(_todo) |= _updateReach;
            return;
        }
        FireEach(updated, closed);
    }

    private void FireEach(ulong updated, ulong closed)
    {
        for (var bits = closed; bits != 0; bits &= bits - 1)
            Fire(EventSourceKind.CandleClose, BitOperations.TrailingZeroCount(bits));
        for (var bits = updated; bits != 0; bits &= bits - 1)
            Fire(EventSourceKind.CandleUpdate, BitOperations.TrailingZeroCount(bits));
    }

    /// <summary>Marks source signal <paramref name="signal"/> changed and schedules every step it reaches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fire(int signal)
    {
        // a source in the first word (every fixed source, a trade's among them) is marked without a range check
        ref var changed = ref (uint)signal < 64 ? ref MemoryMarshal.GetArrayDataReference(_changed) : ref _changed[signal >> 6];
        changed |= 1UL << signal;
        var words = _stepWords;
        if (words == 1)
        {
            // DAGs of up to 64 steps: one OR into word 0 (the schedule has at least one word), no loop
            MemoryMarshal.GetArrayDataReference(_todo) |= _reach[signal];
            return;
        }
        var reach = _reach.AsSpan(signal * words, words);
        for (var w = 0; w < words; w++)
            _todo[w] |= reach[w];
    }

    /// <summary>Runs the scheduled steps, hands published outputs to <paramref name="sink"/>, and resets the per-event bits.</summary>
    /// <remarks>
    /// Inlined into the pipeline's event path: a one-word DAG with no failure pending runs its compiled plan, or nothing
    /// when nothing is scheduled, and clears its bits here; every other case (a set that is not the last plan run, no
    /// compiled code, a node that threw, DAGs of several words) takes <see cref="ExecuteGeneral{TSink}"/>. Out of line, the
    /// call and the tests on array lengths cost 3 ns a trade with no node scheduled (bench.yaml: +2.5 %, paired).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Execute<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        if (_oneWord && !_anyFailed)
        {
            ref var changed = ref MemoryMarshal.GetArrayDataReference(_changed);
            ref var todo = ref MemoryMarshal.GetArrayDataReference(_todo);
            var scheduled = todo;
            if (scheduled != 0)
            {
                if (scheduled != _planKey || _planCode is not { } code)
                {
                    ExecuteGeneral(ref sink);
                    return;
                }
                CompiledEvents++;
                var ran = code(_banks, _context, _changed);
                if (ran < 0)
                {
                    // a node threw: reported, and the rest of the event takes the walk with isolation
                    OnPlanFailure();
                    RunIsolated();
                    FinishGeneral(ref sink);
                    return;
                }
                _evaluations += ran;
                todo = 0;
            }
            Events++;
            if ((changed & _publishedMask0) != 0)
                Publish(ref sink);
            if (_messages.Count != 0)
                FlushMessages(ref sink);
            changed = 0;
            return;
        }
        ExecuteGeneral(ref sink);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushMessages<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        foreach (ref readonly var m in _messages.Items)
            sink.OnMessage(in m);
        _messages.Count = 0;
    }

    // (word, mask) of a step's input signals when they all sit in one 64-bit word of the changed bits, else (−1, 0).
    private static (int Word, ulong Mask) SingleWordMask(ReadOnlySpan<int> signals)
    {
        if (signals.IsEmpty)
            return (0, 0);
        var word = signals[0] >> 6;
        var mask = 0UL;
        foreach (var sig in signals)
        {
            if (sig >> 6 != word)
                return (-1, 0);
            mask |= 1UL << sig;
        }
        return (word, mask);
    }

    // What State/DagSnapshot reads and restores: each node's state, the board and the last tick and quote.

    /// <summary>Writes step <paramref name="step"/>'s node state.</summary>
    internal void WriteNodeState(int step, ref StateWriter writer) => _steps[step].Bank.WriteState(_steps[step].Index, ref writer);

    /// <summary>Restores step <paramref name="step"/>'s node state.</summary>
    internal void ReadNodeState(int step, ref StateReader reader) => _steps[step].Bank.ReadState(_steps[step].Index, ref reader);

    /// <summary>The value board, writable (restore only).</summary>
    internal Span<long> BoardForRestore => _board;

    /// <summary>The valid flags, writable (restore only).</summary>
    internal Span<bool> ValidForRestore => _valid;

    /// <summary>The last tick the nodes see.</summary>
    internal ref Tick LastTick => ref _context.LastTick;

    /// <summary>The last quote the nodes see.</summary>
    internal ref Quote LastQuote => ref _context.LastQuote;

    /// <summary>One scratch buffer per instance for node states, grown to the largest once: snapshots allocate nothing after the first.</summary>
    internal ArrayBufferWriter<byte> SnapshotScratch => _snapshotScratch ??= new ArrayBufferWriter<byte>();
}
