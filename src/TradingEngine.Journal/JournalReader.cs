using System.Runtime.CompilerServices;
using TradingEngine.Journal.Format;
using TradingEngine.Types;

namespace TradingEngine.Journal;

/// <summary>
/// Streams a journal's events in sequence order, segment by segment, frame by frame, with memory bounded by the
/// largest frame (two reused buffers) whatever the journal size. Each event comes back exactly as appended, with
/// <see cref="MarketEvent.SourceSequence"/> set to its journal sequence (the replay source's position) and symbol ids
/// translated to <see cref="Symbols"/>. The first damaged frame ends the stream: <see cref="Damage"/> says where and
/// why, and every event before that frame has been delivered. Never throws on bad data unless asked to.
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

    /// <param name="directory">The journal directory.</param>
    /// <param name="symbols">Registry the events' symbol ids refer to (a new one when null); names in the journal are registered in it.</param>
    /// <param name="fromSequence">First journal sequence to deliver; whole segments before it are skipped unopened.</param>
    /// <param name="throwOnDamage">Throw <see cref="InvalidDataException"/> at damage instead of ending the stream.</param>
    public JournalReader(string directory, SymbolRegistry? symbols = null, long fromSequence = 1, bool throwOnDamage = false)
    {
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

    /// <summary>Where the journal stopped being readable, once the stream has ended there (null for a clean journal).</summary>
    public JournalDamage? Damage { get; private set; }

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
            }
            catch (InvalidDataException ex)
            {
                FailFrame(ex.Message);
                break;
            }
            var sequence = _frameFirst + _frameDecoded - 1;
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

    private bool NextFrame()
    {
        while (true)
        {
            if (_segment is null && !OpenNextSegment())
                return false;
            var segment = _segment!;
            if (segment.TryReadFrame())
            {
                if (_expected >= 0 && segment.FirstSequence != _expected)
                {
                    segment.RejectLastFrame($"frame starts at sequence {segment.FirstSequence}; expected {_expected}");
                    Fail(segment, segment.Error!);
                    return false;
                }
                _frameFirst = segment.FirstSequence;
                _frameEvents = segment.EventCount;
                _frameDecoded = 0;
                _expected = _frameFirst + _frameEvents;
                _decoder.Start(segment.Raw, segment.RawLength);
                _inFrame = true;
                return true;
            }
            if (segment.Error is not null)
            {
                Fail(segment, segment.Error);
                return false;
            }
            segment.Dispose();
            _segment = null;
        }
    }

    private bool OpenNextSegment()
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
            return false;
        }
        if (_expected >= 0 && segment.Header.FirstSequence != _expected)
        {
            Fail(segment, $"segment starts at sequence {segment.Header.FirstSequence}; expected {_expected} (a segment is missing)", frame: -1, offset: 0);
            return false;
        }
        Array.Clear(_map);
        foreach (var (id, name) in segment.Header.Symbols)
            Define(id, name);
        return true;
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

    private void Fail(SegmentFrameReader segment, string reason, int? frame = null, long? offset = null)
    {
        _done = true;
        _inFrame = false;
        Damage = new JournalDamage(segment.Path, frame ?? segment.FrameIndex, offset ?? segment.Offset, reason, _lastGood);
        if (_throwOnDamage)
            ThrowHelper.ThrowInvalidData($"journal damaged: {Damage}");
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
