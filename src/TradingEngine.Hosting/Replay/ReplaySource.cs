namespace TradingEngine.Hosting.Replay;

/// <summary>Where a replay's input comes from.</summary>
public enum ReplaySource
{
    /// <summary>The embedded seeded synthetic session (no files).</summary>
    Synthetic,
    /// <summary>A journal directory (written by <c>te run</c> or <c>te import</c>).</summary>
    Journal,
    /// <summary>Vendor files, imported into a temporary journal first (the same importers as <c>te import</c>).</summary>
    Csv,
}
