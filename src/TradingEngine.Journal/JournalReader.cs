using System.Runtime.CompilerServices;
using TradingEngine.Journal.Format;
using TradingEngine.Types;

namespace TradingEngine.Journal;

/// <summary>
/// Streams a journal's events in sequence order, segment by segment, frame by frame, with memory bounded by the
/// largest frame (two reused buffers) whatever the journal size. Each event comes back exactly as appended, with
/// <see cref="MarketEvent.SourceSequence"/> set to its journal sequence (the replay source's position) and symbol ids
/// translated to <see cref="Symbols"/>. The first damaged frame ends the stream: <see cref="Damage"/> says where and
/// why, and every event before that frame has been delivered. Never throws on bad data unless asked to. Asked to skip,
/// it goes on at the next good frame and lists every region it passed in <see cref="Skipped"/>. A hole recorded by
/// <c>te journal repair</c> is read as one <see cref="GapReason.JournalHole"/> gap event covering its sequences.
/// </summary>
public sealed class JournalReader : IDisposable
{
    private const int MaxSymbolId = 1 << 24;

    private readonly string[] _segments;
    private readonly long _from;
    private readonly bool _throwOnDamage;
    private readonly EventDecoder _decoder = new();
    private SegmentFrameReader? _segment;
    private int _segmentIndex = -1;
    private int[] _map = new int[64];
    private long _expected = -1;
    private bool _inFrame;
    private int _frameEvents;
    private int _frameDecoded;
    private long _frameFirst;
    private bool _done;
    private long _lastGood;
    private readonly bool _skipCorrupt;
    private readonly List<JournalDamage> _skipped = [];
    private readonly List<JournalDamage> _pending = [];
    private long _pendingClaimed = -1;
    private long _lastDecoded = -1;

    /// <param name="directory">The journal directory.</param>
    /// <param name="symbols">Registry the events' symbol ids refer to (a new one when null); names in the journal are registered in it.</param>
    /// <param name="fromSequence">First journal sequence to deliver; whole segments before it are skipped unopened.</param>
    /// <param name="throwOnDamage">Throw <see cref="InvalidDataException"/> at damage instead of ending the stream.</param>
    /// <param name="skipCorrupt">Go on past damage: look for the next good frame (frames are self-delimiting) or segment,
    /// and list every bad region in <see cref="Skipped"/> with the sequences it took (<c>te replay --skip-corrupt</c>, <c>te journal verify</c>).</param>
    public JournalReader(string directory, SymbolRegistry? symbols = null, long fromSequence = 1, bool throwOnDamage = false, bool skipCorrupt = false)
    {
        if (throwOnDamage && skipCorrupt)
            ThrowHelper.ThrowArgument("throwOnDamage and skipCorrupt exclude each other", nameof(skipCorrupt));
        _skipCorrupt = skipCorrupt;
        Symbols = symbols ?? new SymbolRegistry();
        _from = fromSequence;
        _throwOnDamage = throwOnDamage;
        _segments = JournalFormat.ListSegments(directory);
        if (!Directory.Exists(directory))
            ThrowHelper.ThrowInvalidOperation($"journal directory '{directory}' does not exist");
        // segment names are first sequences: start at the last segment that begins at or before the requested sequence
        var start = 0;
        for (var i = 1; i < _segments.Length; i++)
            if (JournalFormat.TryParseSegmentName(_segments[i], out var first) && first <= fromSequence)
                start = i;
        _segmentIndex = start - 1;
    }

    public SymbolRegistry Symbols { get; }

    /// <summary>Segment files in read order.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Journal sequence of the last event read (0 before any).</summary>
    public long Sequence { get; private set; }

    /// <summary>The <see cref="MarketEvent.SourceSequence"/> the last event read had when it was appended.</summary>
    public long SourceSequenceAtWrite { get; private set; }

    public long EventsRead { get; private set; }

    /// <summary>Where the journal stopped being readable, once the stream has ended there (null for a clean journal). With skipping: the first damage met.</summary>
    public JournalDamage? Damage { get; private set; }

    /// <summary>With skipping: every bad region passed so far, in journal order, each with the sequences it took.</summary>
    public IReadOnlyList<JournalDamage> Skipped => _skipped;

    /// <summary>With skipping: events lost in <see cref="Skipped"/> regions (those whose count is known).</summary>
    public long EventsSkipped { get; private set; }

    /// <summary>Holes <c>te journal repair</c> recorded (one <see cref="GapReason.JournalHole"/> gap event each) read so far.</summary>
    public long HolesRead { get; private set; }

    /// <summary>Journal sequences those holes stand for (events lost before the repair).</summary>
    public long EventsInHoles { get; private set; }

    /// <summary>Reads the next event; false at the end of the journal or at damage.</summary>
    public bool TryRead(out MarketEvent e)
    {
        e = default;
        while (!_done)
        {
            if (!_inFrame && !NextFrame())
                break;
            try
            {
                if (!_decoder.TryNext(ref e))
                {
                    if (_frameDecoded != _frameEvents)
                        ThrowHelper.ThrowInvalidData($"frame holds {_frameDecoded} events; its header says {_frameEvents}");
                    _inFrame = false;
                    _lastGood = _frameFirst + _frameEvents - 1;
                    continue;
                }
                if (_decoder.SymbolDefined)
                {
                    Define(_decoder.DefinedSymbolId, _decoder.DefinedSymbolName);
                    continue;
                }
                if (++_frameDecoded > _frameEvents)
                    ThrowHelper.ThrowInvalidData($"frame holds more events than the {_frameEvents} its header says");
                Remap(ref e);
                if (e.Kind == MarketEventKind.Gap && e.Gap.Reason == GapReason.JournalHole && _frameDecoded == 1 && e.Gap.LostCount == _frameEvents)
                    OnHole();
            }
            catch (InvalidDataException ex)
            {
                FailFrame(ex.Message);
                continue;
            }
            var sequence = _frameFirst + _frameDecoded - 1;
            _lastDecoded = sequence;
            if (sequence < _from)
                continue;
            e.SourceSequence = sequence;
            Sequence = sequence;
            SourceSequenceAtWrite = _decoder.SourceSequence;
            EventsRead++;
            return true;
        }
        e = default;
        return false;
    }

    /// <summary>
    /// A frame <c>te journal repair</c> wrote in place of a bad region: one <see cref="GapReason.JournalHole"/> gap event
    /// standing for all the frame's sequences. It is delivered once, at the hole's last sequence, so the next event follows on.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnHole()
    {
        _frameDecoded = _frameEvents;
        HolesRead++;
        EventsInHoles += _frameEvents;
    }

    private bool NextFrame()
    {
        while (true)
        {
            if (_segment is null && !OpenNextSegment())
            {
                if (_pending.Count > 0 && _segmentIndex >= _segments.Length)
                    ResolvePendingAtTail();
                return false;
            }
            var segment = _segment!;
            bool read;
            if (segment.Error is not null)
            {
                // a frame whose records did not decode: already recorded (skip mode only gets here)
                read = segment.TryResync();
            }
            else
            {
                read = segment.TryReadFrame();
                if (!read && segment.Error is not null)
                {
                    Fail(segment, segment.Error);
                    if (_done)
                        return false;
                    read = segment.TryResync();
                }
            }
            if (!read)
            {
                // the end of the segment (or of what can be salvaged from it)
                segment.Dispose();
                _segment = null;
                continue;
            }
            var first = segment.FirstSequence;
            if (_expected >= 0 && first != _expected && (_pending.Count == 0 || first <= _lastDecoded))
            {
                if (_skipCorrupt && _pending.Count == 0 && first > _expected)
                {
                    // a valid frame further on than expected: the events in between are missing
                    Fail(segment, $"frame starts at sequence {first}; expected {_expected} (events are missing)", segment.FrameIndex - 1, segment.FrameOffset);
                }
                else
                {
                    segment.RejectLastFrame($"frame starts at sequence {first}; expected {_expected}");
                    Fail(segment, segment.Error!);
                    if (_done)
                        return false;
                    continue;
                }
            }
            if (_pending.Count > 0)
                ResolvePending(first, segment.Path == _pending[^1].Segment ? segment.FrameOffset : -1);
            _frameFirst = first;
            _frameEvents = segment.EventCount;
            _frameDecoded = 0;
            _expected = _frameFirst + _frameEvents;
            _decoder.Start(segment.Raw, segment.RawLength);
            _inFrame = true;
            return true;
        }
    }

    private bool OpenNextSegment()
    {
        while (true)
        {
            if (++_segmentIndex >= _segments.Length)
            {
                _done = true;
                return false;
            }
            var segment = new SegmentFrameReader(_segments[_segmentIndex]);
            _segment = segment;
            if (segment.Header is null)
            {
                Fail(segment, segment.Error!, frame: -1, offset: 0);
                if (_done)
                    return false;
                CloseSkipped(segment);
                continue;
            }
            var first = segment.Header.FirstSequence;
            if (_lastDecoded < 0)
                _lastDecoded = first - 1;
            if (_expected >= 0 && first != _expected && (_pending.Count == 0 || first <= _lastDecoded))
            {
                Fail(segment, $"segment starts at sequence {first}; expected {_expected} (a segment is missing)", frame: -1, offset: 0);
                if (_done)
                    return false;
                if (first <= _lastDecoded)
                {
                    CloseSkipped(segment);
                    continue;
                }
            }
            if (_pending.Count > 0)
                ResolvePending(first, -1);
            _expected = first;
            Array.Clear(_map);
            foreach (var (id, name) in segment.Header.Symbols)
                Define(id, name);
            return true;
        }
    }

    private void CloseSkipped(SegmentFrameReader segment)
    {
        segment.Dispose();
        _segment = null;
    }

    private void Define(int id, string name)
    {
        if (id <= 0 || id > MaxSymbolId || name.Length == 0)
            ThrowHelper.ThrowInvalidData($"symbol definition of id {id} '{name}'; expected an id in 1..{MaxSymbolId} and a name");
        if (id >= _map.Length)
            Array.Resize(ref _map, Math.Max(id + 1, _map.Length * 2));
        _map[id] = Symbols.GetOrAdd(name).Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Remap(ref MarketEvent e)
    {
        ref var symbol = ref PayloadSymbol(ref e);
        var local = symbol.Value;
        if (local == 0)
        {
            e.Symbol = default;
            return;
        }
        if ((uint)local >= (uint)_map.Length || _map[local] == 0)
            ThrowHelper.ThrowInvalidData($"symbol id {local} is used before the segment defines it");
        symbol = new SymbolId(_map[local]);
        e.Symbol = symbol;
    }

    private static ref SymbolId PayloadSymbol(ref MarketEvent e)
    {
        switch (e.Kind)
        {
            case MarketEventKind.Tick: return ref e.Tick.Symbol;
            case MarketEventKind.Quote: return ref e.Quote.Symbol;
            case MarketEventKind.Candle: return ref e.Candle.Symbol;
            case MarketEventKind.Timer: return ref e.Timer.Symbol;
            default: return ref e.Gap.Symbol;
        }
    }

    private void FailFrame(string reason)
    {
        var segment = _segment!;
        segment.RejectLastFrame(reason);
        Fail(segment, reason);
    }

    /// <summary>
    /// Records damage. Without skipping the stream ends here (<see cref="Damage"/>, or a throw when asked). With skipping
    /// it is kept pending until the next good frame or segment says how many sequences it took, then goes to <see cref="Skipped"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(SegmentFrameReader segment, string reason, int? frame = null, long? offset = null)
    {
        _inFrame = false;
        var damage = new JournalDamage(segment.Path, frame ?? segment.FrameIndex, offset ?? segment.Offset, reason, _lastGood)
        {
            End = segment.FileLength,
        };
        if (!_skipCorrupt)
        {
            _done = true;
            Damage = damage;
            if (_throwOnDamage)
                ThrowHelper.ThrowInvalidData($"journal damaged: {Damage}");
            return;
        }
        Damage ??= damage;
        if (_pending.Count == 0)
        {
            _pendingClaimed = frame is null && segment.ClaimedFirstSequence == _lastDecoded + 1 ? segment.ClaimedEventCount : -1;
            damage = damage with { LastGoodSequence = _lastDecoded };
        }
        _pending.Add(damage);
    }

    /// <summary>Skip mode: a good frame or segment starting at <paramref name="next"/> ends the pending damage; the sequences before it are lost.</summary>
    private void ResolvePending(long next, long end)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var lost = i == 0 ? next - _lastDecoded - 1 : 0;
            _skipped.Add(_pending[i] with { NextSequence = next, LostEvents = lost, End = i == _pending.Count - 1 && end >= 0 ? end : _pending[i].End });
            EventsSkipped += lost;
        }
        _pending.Clear();
        _lastDecoded = next - 1;
    }

    private void ResolvePendingAtTail()
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var lost = i == 0 ? _pendingClaimed : 0;
            _skipped.Add(_pending[i] with { AtTail = true, LostEvents = lost });
            if (lost > 0)
                EventsSkipped += lost;
        }
        _pending.Clear();
    }

    public Enumerator GetEnumerator() => new(this);

    public void Dispose()
    {
        _segment?.Dispose();
        _segment = null;
        _done = true;
    }

    /// <summary>Allocation-free <c>foreach</c> over the events.</summary>
    public struct Enumerator
    {
        private readonly JournalReader _reader;
        private MarketEvent _current;

        internal Enumerator(JournalReader reader)
        {
            _reader = reader;
            _current = default;
        }

        public readonly MarketEvent Current => _current;

        public bool MoveNext() => _reader.TryRead(out _current);
    }
}
