using TradingEngine.Fuzz;

namespace TradingEngine.Tests.Fuzz;

/// <summary>
/// Every crash a fuzzer found, kept as its input under tests/TradingEngine.Fuzz/regressions/TARGET/ (the file name
/// says the cause): each must now be decoded or refused the documented way.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string, string> Crashes()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(FuzzPaths.RepositoryRoot, "tests", "TradingEngine.Fuzz", "regressions");
        foreach (var dir in Directory.Exists(root) ? Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray() : [])
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public void A_crash_input_found_by_fuzzing_no_longer_crashes(string target, string file) =>
        FuzzTargets.Find(target).Run(File.ReadAllBytes(Path.Combine(FuzzPaths.RepositoryRoot, "tests", "TradingEngine.Fuzz", "regressions", target, file)));
}
