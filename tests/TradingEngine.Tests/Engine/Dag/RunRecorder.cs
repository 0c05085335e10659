namespace TradingEngine.Tests.Engine.Dag;

/// <summary>Which steps ran, in order, in the current event; per thread so CsCheck's parallel samples do not mix.</summary>
internal static class RunRecorder
{
    [ThreadStatic]
    private static List<int>? _runs;

    public static List<int> Runs => _runs ??= [];

    [ThreadStatic]
    private static bool _disabled;

    public static bool Enabled
    {
        get => !_disabled;
        set => _disabled = !value;
    }
}
