using System.Runtime.CompilerServices;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Volume profile of the current session (see <see cref="VolumeProfileState"/> for the value area): resets on
/// the first trade of each session of its <see cref="SessionCalendar"/>; trades between sessions are ignored.
/// Invariant: <see cref="VolumeProfileState.TotalVolume"/> = the session's traded volume.
/// </summary>
internal struct SessionVolumeProfile
{
    private SessionClock _clock;
    private VolumeProfileState _profile;

    public static SessionVolumeProfile Create(SessionCalendar schedule, long tickSize, int capacity = 1024) =>
        new() { _clock = SessionClock.Create(schedule), _profile = VolumeProfileState.Create(tickSize, capacity) };

    public readonly VolumeProfileState Profile => _profile;

    public readonly SessionWindow Session => _clock.Window;

    /// <summary>Adds a trade; false when it falls between sessions (then it is not counted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(long utcNanos, long price, long size)
    {
        var step = _clock.Advance(utcNanos);
        if (step != SessionStep.Same)
        {
            if (step == SessionStep.Outside)
                return false;
            _profile.Reset();
        }
        _profile.Add(price, size);
        return true;
    }

    public readonly ValueArea ComputeValueArea(int percent = 70) => _profile.ComputeValueArea(percent);

    public void Reset()
    {
        _clock.Reset();
        _profile.Reset();
    }

    public readonly int SnapshotSize => 2 + SessionClock.SnapshotBytes + _profile.SnapshotSize;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.VolumeProfile);
        var offset = 2;
        _clock.Write(destination, ref offset);
        _profile.Write(destination, ref offset);
        return offset;
    }

    public static SessionVolumeProfile ReadFrom(ReadOnlySpan<byte> source, SessionCalendar schedule)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.VolumeProfile);
        var offset = 2;
        var state = new SessionVolumeProfile { _clock = SessionClock.Create(schedule) };
        state._clock.Read(source, ref offset);
        state._profile = VolumeProfileState.Read(source, ref offset);
        return state;
    }
}
