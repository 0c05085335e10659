using TradingEngine.Feeder;
using TradingEngine.Types;

namespace TradingEngine.Tests.Feeder;

/// <summary>
/// NinjaTrader's display time (here America/New_York and Europe/Berlin) to UTC ns across both daylight-saving changes:
/// the fall-back hour happens twice and must come out once as daylight time, then as standard time, in order.
/// </summary>
public sealed class DisplayTimeConverterTests
{
    private static readonly TimeZoneInfo s_newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static long Utc(int y, int mo, int d, int h, int mi, int s = 0) => UtcNanos.FromDateTime(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc));

    [Fact]
    public void Fall_back_repeated_hour_is_daylight_time_first_then_standard_time_and_stays_monotonic()
    {
        var c = new DisplayTimeConverter(s_newYork);
        // 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:30 display time happens at 05:30Z and again at 06:30Z
        Assert.Equal(Utc(2026, 11, 1, 4, 59, 59), c.ToUtcNanos(new DateTime(2026, 11, 1, 0, 59, 59)));
        Assert.Equal(Utc(2026, 11, 1, 5, 30), c.ToUtcNanos(new DateTime(2026, 11, 1, 1, 30, 0)));
        Assert.Equal(Utc(2026, 11, 1, 5, 59, 59), c.ToUtcNanos(new DateTime(2026, 11, 1, 1, 59, 59)));
        // the clock goes back: the second 01:00..01:59 is standard time
        Assert.Equal(Utc(2026, 11, 1, 6, 0), c.ToUtcNanos(new DateTime(2026, 11, 1, 1, 0, 0)));
        Assert.Equal(Utc(2026, 11, 1, 6, 30), c.ToUtcNanos(new DateTime(2026, 11, 1, 1, 30, 0)));
        Assert.Equal(Utc(2026, 11, 1, 7, 0), c.ToUtcNanos(new DateTime(2026, 11, 1, 2, 0, 0)));
    }

    [Fact]
    public void Spring_forward_changes_the_offset_from_five_to_four_hours()
    {
        var c = new DisplayTimeConverter(s_newYork);
        // 2026-03-08: 02:00 EST becomes 03:00 EDT
        Assert.Equal(Utc(2026, 3, 8, 6, 59), c.ToUtcNanos(new DateTime(2026, 3, 8, 1, 59, 0)));
        Assert.Equal(Utc(2026, 3, 8, 7, 0), c.ToUtcNanos(new DateTime(2026, 3, 8, 3, 0, 0)));
        Assert.Equal(Utc(2026, 3, 9, 13, 30), c.ToUtcNanos(new DateTime(2026, 3, 9, 9, 30, 0)));
        // a time in the skipped hour (no real clock shows it) is read with the offset before the change
        Assert.Equal(Utc(2026, 3, 8, 7, 30), new DisplayTimeConverter(s_newYork).ToUtcNanos(new DateTime(2026, 3, 8, 2, 30, 0)));
    }

    [Fact]
    public void Sub_second_ticks_of_the_display_time_are_kept_to_the_100_ns_tick()
    {
        var c = new DisplayTimeConverter(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var t = new DateTime(2026, 7, 1, 15, 30, 0).AddTicks(1_234_567); // CEST, UTC+2
        Assert.Equal(Utc(2026, 7, 1, 13, 30) + 123_456_700, c.ToUtcNanos(t));
    }
}
