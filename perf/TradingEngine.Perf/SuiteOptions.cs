namespace TradingEngine.Perf;

/// <summary>
/// Options common to every suite (<c>--quick</c>, <c>--out</c>, <c>--save</c>) plus the remaining arguments, which a
/// suite reads with <see cref="Has"/> and <see cref="Value"/>.
/// </summary>
public sealed class SuiteOptions
{
    private readonly List<string> _args;

    private SuiteOptions(List<string> args, bool quick, string? output, bool save)
    {
        _args = args;
        Quick = quick;
        Output = output;
        Save = save;
    }

    /// <summary>Short run (the suite must finish in under a minute).</summary>
    public bool Quick { get; }

    /// <summary>Results file given with <c>--out</c>; null means the suite's default (<see cref="ResultsPath"/>).</summary>
    public string? Output { get; }

    /// <summary><c>--save</c>: replace the committed <c>perf/results/&lt;suite&gt;.json</c> (tracked files) with this run.</summary>
    public bool Save { get; }

    /// <summary>Where a run's results go without <c>--save</c>: a gitignored folder beside the committed ones.</summary>
    public const string LocalResultsFolder = "runs";

    public static SuiteOptions Parse(ReadOnlySpan<string> args)
    {
        var rest = new List<string>();
        var quick = false;
        var save = false;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
                quick = true;
            else if (args[i] == "--save")
                save = true;
            else if (args[i] == "--out" && i + 1 < args.Length)
                output = args[++i];
            else
                rest.Add(args[i]);
        }
        return new SuiteOptions(rest, quick, output, save);
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
    /// Where a suite writes its results: <c>--out</c>; else <c>&lt;TE_PERF_RESULTS&gt;/&lt;suite&gt;.json</c> when that
    /// variable names a directory; else, with <c>--save</c>, the committed <c>perf/results/&lt;suite&gt;.json</c>; else
    /// <c>perf/runs/&lt;suite&gt;.json</c> (gitignored), so a trial run never dirties the tracked results.
    /// </summary>
    public string ResultsPath(string suite)
    {
        if (Output is not null)
            return Output;
        var directory = Environment.GetEnvironmentVariable("TE_PERF_RESULTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RunEnvironment.RepositoryRoot(), "perf", Save ? "results" : LocalResultsFolder);
        return Path.Combine(directory, suite + ".json");
    }
}
