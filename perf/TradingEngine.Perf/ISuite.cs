namespace TradingEngine.Perf;

/// <summary>One macro benchmark suite of the harness (e.g. <c>ring</c>). Register it in <see cref="SuiteRegistry"/>.</summary>
public interface ISuite
{
    /// <summary>The command-line name: <c>TradingEngine.Perf &lt;name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the suite, prints its summary lines, writes its results file; returns the process exit code.</summary>
    int Run(SuiteOptions options);
}
