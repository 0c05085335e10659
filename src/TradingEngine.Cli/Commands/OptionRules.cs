using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// Range rules for numeric options, as System.CommandLine validators: a value outside the range is a parse error
/// naming the option, the value and the range, reported before the command runs (exit 1 with the usage).
/// </summary>
internal static class OptionRules
{
    /// <summary>The value must be in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryValue<T>(result, out var value))
                return;
            if (value < min || value > max || (value is double d && !double.IsFinite(d)))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {Describe(min, max)}"));
        });
        return option;
    }

    /// <summary>As <see cref="InRange{T}(Option{T}, T, T)"/>, for an optional value (no value is always valid).</summary>
    public static Option<T?> InRange<T>(this Option<T?> option, T min, T max) where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T?>(result, out var given) && given is { } value && (value < min || value > max))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value}: expected {Describe(min, max)}"));
        });
        return option;
    }

    /// <summary>A duration (<see cref="TradingEngine.Types.DurationText"/>: 250ms, 2s, 1m) greater than zero.</summary>
    public static Option<string> PositiveDuration(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!TradingEngine.Types.DurationText.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
                result.AddError($"{option.Name} '{text}': expected a duration greater than zero, like 100ms, 2s or 1m");
        });
        return option;
    }

    /// <summary>The longest wait Task.Delay takes: uint.MaxValue - 1 milliseconds, about 49.7 days.</summary>
    public const double MaxRunSeconds = 4_294_967;

    /// <summary>
    /// A <c>--duration</c> in seconds: 0 (run until Ctrl+C) up to <see cref="MaxRunSeconds"/>; a longer one would
    /// overflow the timer, so it is refused when parsed rather than crashing the command after it started.
    /// </summary>
    public static Option<double> RunSeconds(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (!TryValue<double>(result, out var value))
                return;
            if (!(value >= 0 && value <= MaxRunSeconds))
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{option.Name} {value}: expected seconds from 0 (until Ctrl+C) to {MaxRunSeconds} (about 49 days)"));
        });
        return option;
    }

    /// <summary>At least 1.</summary>
    public static Option<T> Positive<T>(this Option<T> option) where T : struct, INumber<T>, IMinMaxValue<T> =>
        option.InRange(T.One, T.MaxValue);

    /// <summary>0 or more (0 usually meaning "no limit" or "off", as the option's description says).</summary>
    public static Option<T> NonNegative<T>(this Option<T> option) where T : struct, INumber<T>, IMinMaxValue<T> =>
        option.InRange(T.Zero, T.MaxValue);

    /// <summary>
    /// The option's value, or false when its text did not convert (--duration 1s for seconds): the parser reports that
    /// itself as a parse error, and a validator that read the value anyway threw and crashed the command (exit 134).
    /// </summary>
    private static bool TryValue<T>(OptionResult result, out T value)
    {
        value = default!;
        try
        {
            value = result.GetValueOrDefault<T>()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

        private static string Describe<T>(T min, T max) where T : struct, INumber<T> =>
        typeof(T) == typeof(double) || typeof(T) == typeof(float)
            ? string.Create(CultureInfo.InvariantCulture, $"a finite number ≥ {min}")
            : T.CreateSaturating(long.MaxValue) <= max
                ? string.Create(CultureInfo.InvariantCulture, $"an integer ≥ {min}")
                : string.Create(CultureInfo.InvariantCulture, $"{min}..{max}");
}
