using System.Text.Json;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// The TA-Lib (and technicalindicators VWAP) outputs produced by tests/reference/generate-talib-references.js
/// from the real bars. Outputs only: the bars themselves are read from ../shared/data.
/// </summary>
public static class TalibReference
{
    private static readonly Lazy<Dictionary<string, ReferenceSeries[]>> Files = new(Load);

    public static ReferenceSeries[] SeriesFor(string relativeBarFile) =>
        Files.Value.TryGetValue(relativeBarFile, out var series)
            ? series
            : throw new KeyNotFoundException($"tests/reference/talib.json has no series for '{relativeBarFile}'");

    public static ReferenceSeries Get(string relativeBarFile, string indicator, int period) =>
        SeriesFor(relativeBarFile).Single(s => s.Indicator == indicator && s.Period == period);

    private static Dictionary<string, ReferenceSeries[]> Load()
    {
        // TE_REPO_ROOT lets the tests run from a build outside the tree (the file lives in the repository).
        var root = Environment.GetEnvironmentVariable("TE_REPO_ROOT") is { Length: > 0 } env ? env : TestData.RepositoryRoot();
        var path = Path.Combine(root, "tests", "reference", "talib.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, ReferenceSeries[]>(StringComparer.Ordinal);
        foreach (var file in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            var series = file.GetProperty("series").EnumerateArray().Select(s => new ReferenceSeries(
                s.GetProperty("indicator").GetString()!,
                s.GetProperty("period").GetInt32(),
                s.GetProperty("begin").GetInt32(),
                s.GetProperty("outputs").GetInt32(),
                s.GetProperty("index").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                s.GetProperty("value").EnumerateArray().Select(e => e.GetDouble()).ToArray())).ToArray();
            result[file.GetProperty("file").GetString()!] = series;
        }
        return result;
    }
}
