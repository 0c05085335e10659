using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

/// <summary>
/// One bar series an aggregator maintains. Text form (<see cref="Parse"/>): a timeframe (<c>1m</c>, <c>4h</c>,
/// <c>1d</c>, <c>1w</c>), <c>500T</c> (tick count), <c>25000V</c> (volume, decimal allowed), <c>0.25R</c>
/// (price range), optionally followed by <c>+empty</c> for synthetic empty bars and <c>@ext:1m</c> to fold
/// external 1m candles instead of ticks (time bars only): <c>5m@ext:1m</c>.
/// </summary>
public readonly record struct BarSpec
{
    public BarKind Kind { get; init; }

    /// <summary>Length of a time bar; <c>default</c> for the other kinds.</summary>
    public Timeframe Timeframe { get; init; }

    /// <summary>Tick count, or volume / range as an exact decimal (raw units at <see cref="ThresholdPrecision"/>).</summary>
    public long Threshold { get; init; }

    public byte ThresholdPrecision { get; init; }

    public EmptyBarPolicy EmptyBars { get; init; }

    /// <summary>
    /// <c>default</c>: the bars are built from ticks. Otherwise the timeframe of the external candles
    /// (<c>candles.external.{symbol}.{tf}</c>) this time bar folds; it must divide <see cref="Timeframe"/>.
    /// </summary>
    public Timeframe ExternalSource { get; init; }

    public bool FromExternal => !ExternalSource.IsNone;

    public static BarSpec Time(Timeframe timeframe, EmptyBarPolicy emptyBars = EmptyBarPolicy.Skip) =>
        new() { Kind = BarKind.Time, Timeframe = timeframe, EmptyBars = emptyBars };

    /// <summary>A time bar folded from closed external candles of <paramref name="source"/>.</summary>
    public static BarSpec TimeFromExternal(Timeframe timeframe, Timeframe source)
    {
        if (source.IsNone || timeframe.Seconds % source.Seconds != 0)
            ThrowHelper.ThrowSpec($"{timeframe}@ext:{source}", "the external timeframe must divide the bar timeframe");
        return new() { Kind = BarKind.Time, Timeframe = timeframe, ExternalSource = source };
    }

    public static BarSpec Ticks(int count)
    {
        if (count <= 0)
            ThrowHelper.ThrowSpec($"{count}T", "a tick-count bar needs at least 1 tick");
        return new() { Kind = BarKind.TickCount, Threshold = count };
    }

    public static BarSpec Volume(Quantity volume)
    {
        if (volume.Raw <= 0)
            ThrowHelper.ThrowSpec($"{volume}V", "a volume bar needs a positive volume");
        return new() { Kind = BarKind.Volume, Threshold = volume.Raw, ThresholdPrecision = volume.Precision };
    }

    public static BarSpec Range(Price range)
    {
        if (range.Raw <= 0)
            ThrowHelper.ThrowSpec($"{range}R", "a range bar needs a positive range");
        return new() { Kind = BarKind.Range, Threshold = range.Raw, ThresholdPrecision = range.Precision };
    }

    public static bool TryParse(ReadOnlySpan<char> text, out BarSpec spec)
    {
        spec = default;
        text = text.Trim();
        var ext = default(Timeframe);
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            var source = text[(at + 1)..];
            if (!source.StartsWith("ext:", StringComparison.Ordinal) || !Timeframe.TryParse(source[4..], out ext))
                return false;
            text = text[..at];
        }
        var empty = EmptyBarPolicy.Skip;
        if (text.EndsWith("+empty", StringComparison.Ordinal))
        {
            empty = EmptyBarPolicy.Synthetic;
            text = text[..^6];
        }
        if (text.Length < 2)
            return false;
        var unit = text[^1];
        var number = text[..^1];
        switch (unit)
        {
            case 'T':
                if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
                    return false;
                spec = new() { Kind = BarKind.TickCount, Threshold = n };
                break;
            case 'V':
            case 'R':
                if (!FixedPoint.TryParse(number, out var raw, out var precision) || raw <= 0)
                    return false;
                spec = new() { Kind = unit == 'V' ? BarKind.Volume : BarKind.Range, Threshold = raw, ThresholdPrecision = (byte)precision };
                break;
            default:
                if (!Timeframe.TryParse(text, out var tf))
                    return false;
                spec = new() { Kind = BarKind.Time, Timeframe = tf };
                break;
        }
        if (empty == EmptyBarPolicy.Synthetic && spec.Kind != BarKind.Time)
            return false;
        if (!ext.IsNone && (spec.Kind != BarKind.Time || spec.Timeframe.Seconds % ext.Seconds != 0))
            return false;
        spec = spec with { EmptyBars = empty, ExternalSource = ext };
        return true;
    }

    public static BarSpec Parse(string text)
    {
        if (!TryParse(text, out var spec))
            ThrowHelper.ThrowSpec(text, "expected a timeframe (5m), N ticks (500T), a volume (25000V) or a range (0.25R), optionally +empty and @ext:<tf>");
        return spec;
    }

    public override string ToString()
    {
        var core = Kind switch
        {
            BarKind.Time => Timeframe.ToString(),
            BarKind.TickCount => $"{Threshold}T",
            BarKind.Volume => $"{FixedPoint.Format(Threshold, ThresholdPrecision)}V",
            _ => $"{FixedPoint.Format(Threshold, ThresholdPrecision)}R",
        };
        if (EmptyBars == EmptyBarPolicy.Synthetic)
            core += "+empty";
        if (FromExternal)
            core += $"@ext:{ExternalSource}";
        return core;
    }
}
