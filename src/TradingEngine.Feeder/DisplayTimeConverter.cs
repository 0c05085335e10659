using System;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// NinjaTrader stamps market data and bars in the platform's display time zone (Tools → Options → General → Time zone;
    /// <c>NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo</c>), not in UTC. This turns such a time into UTC
    /// nanoseconds since 1970, across daylight-saving changes: a time in the repeated hour of a fall-back change is
    /// ambiguous (01:30 happens twice in New York on the first Sunday of November), so the converter keeps the stream
    /// monotonic: it takes the earlier instant (daylight time) unless that would go back behind the last instant it
    /// returned, then the later one (standard time). A time in the skipped hour of a spring-forward change (which a real
    /// clock never shows) is read with the offset before the change. One converter per stream (instrument).
    /// </summary>
    public sealed class DisplayTimeConverter
    {
        private static readonly long s_epochTicks = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        private readonly TimeZoneInfo _zone;
        private long _lastUtcTicks = long.MinValue;

        public DisplayTimeConverter(TimeZoneInfo displayZone)
        {
            if (displayZone == null)
                throw new ArgumentNullException(nameof(displayZone));
            _zone = displayZone;
        }

        public TimeZoneInfo Zone => _zone;

        /// <summary>UTC nanoseconds of a display-zone time (its Kind is ignored: NinjaTrader's are Unspecified or Local).</summary>
        public long ToUtcNanos(DateTime displayTime)
        {
            var local = DateTime.SpecifyKind(displayTime, DateTimeKind.Unspecified);
            long utcTicks;
            if (_zone.IsAmbiguousTime(local))
            {
                var offsets = _zone.GetAmbiguousTimeOffsets(local);
                long early = long.MaxValue, late = long.MinValue;
                foreach (var o in offsets)
                {
                    var t = local.Ticks - o.Ticks;
                    early = Math.Min(early, t);
                    late = Math.Max(late, t);
                }
                utcTicks = early >= _lastUtcTicks ? early : late;
            }
            else if (_zone.IsInvalidTime(local))
            {
                // the skipped hour: use the offset in force just before it
                var before = local.AddHours(-3);
                utcTicks = local.Ticks - _zone.GetUtcOffset(before).Ticks;
            }
            else
                utcTicks = TimeZoneInfo.ConvertTimeToUtc(local, _zone).Ticks;
            if (utcTicks > _lastUtcTicks)
                _lastUtcTicks = utcTicks;
            return (utcTicks - s_epochTicks) * 100;
        }
    }
}
