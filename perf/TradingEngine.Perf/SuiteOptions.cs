namespace TradingEngine.Perf;

/// <summary>
/// Options common to every suite (<c>--quick</c>, <c>--out</c>) plus the remaining arguments, which a suite
/// reads with <see cref="Has"/> and <see cref="Value"/>.
/// </summary>
public sealed class SuiteOptions
{
    private readonly List<string> _args;

    private SuiteOptions(List<string> args, bool quick, string? output)
    {
        _args = args;
        Quick = quick;
        Output = output;
    }

    /// <summary>Short run (the suite must finish in under a minute).</summary>
    public bool Quick { get; }

    /// <summary>Results file given with <c>--out</c>; null means the suite's default under perf/results/.</summary>
    public string? Output { get; }

    public static SuiteOptions Parse(ReadOnlySpan<string> args)
    {
        var rest = new List<string>();
        var quick = false;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
                quick = true;
            else if (args[i] == "--out" && i + 1 < args.Length)
                output = args[++i];
            else
                rest.Add(args[i]);
        }
        return new SuiteOptions(rest, quick, output);
    }

    /// <summary>True when the flag (e.g. <c>--pin</c>) was given.</summary>
    public bool Has(string flag) => _args.Contains(flag);

    /// <summary>The value after <paramref name="option"/> (e.g. <c>--pairs 9</c>), or null.</summary>
    public string? Value(string option)
    {
        var index = _args.IndexOf(option);
        return index >= 0 && index + 1 < _args.Count ? _args[index + 1] : null;
    }

    /// <summary>The integer after <paramref name="option"/>, or <paramref name="fallback"/>.</summary>
    public long Int(string option, long fallback) =>
        long.TryParse(Value(option), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;

    /// <summary>
    /// Where a suite writes its results: <c>--out</c>, else <c>&lt;TE_PERF_RESULTS&gt;/&lt;suite&gt;.json</c> when that
    /// variable names a directory (a trial run that must not replace the committed results), else
    /// <c>perf/results/&lt;suite&gt;.json</c> in the repository.
    /// </summary>
    public string ResultsPath(string suite) =>
        Output ?? Path.Combine(Environment.GetEnvironmentVariable("TE_PERF_RESULTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RunEnvironment.RepositoryRoot(), "perf", "results"), suite + ".json");
}
