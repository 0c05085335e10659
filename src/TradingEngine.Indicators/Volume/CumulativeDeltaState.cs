using System.Runtime.CompilerServices;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Cumulative delta (Σ buy volume − Σ sell volume) since the start of the session, O(1), no allocation.
/// Resets on the first trade of each session of its <see cref="SessionCalendar"/>; trades between sessions are
/// ignored (no output). Volumes are integers, so the running value is exact. Unknown-side trades add 0.
/// </summary>
internal struct CumulativeDeltaState
{
    private SessionClock _clock;
    private long _delta;

    public static CumulativeDeltaState Create(SessionCalendar schedule) => new() { _clock = SessionClock.Create(schedule) };

    public readonly long Value => _delta;

    public readonly SessionWindow Session => _clock.Window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(long utcNanos, AggressorSide side, long size, out long cumulativeDelta)
    {
        var step = _clock.Advance(utcNanos);
        if (step != SessionStep.Same)
        {
            if (step == SessionStep.Outside)
            {
                cumulativeDelta = _delta;
                return false;
            }
            _delta = 0;
        }
        _delta += (sbyte)side * size;
        cumulativeDelta = _delta;
        return true;
    }

    public void Reset()
    {
        _clock.Reset();
        _delta = 0;
    }

    public const int SnapshotSize = 2 + SessionClock.SnapshotBytes + 8;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.CumulativeDelta);
        var offset = 2;
        _clock.Write(destination, ref offset);
        SnapshotFormat.WriteInt64(destination, ref offset, _delta);
        return offset;
    }

    public static CumulativeDeltaState ReadFrom(ReadOnlySpan<byte> source, SessionCalendar schedule)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.CumulativeDelta);
        var offset = 2;
        var state = Create(schedule);
        state._clock.Read(source, ref offset);
        state._delta = SnapshotFormat.ReadInt64(source, ref offset);
        return state;
    }
}
