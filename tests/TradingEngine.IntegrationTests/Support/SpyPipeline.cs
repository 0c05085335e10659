namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// The one pipeline the live-engine tests run over real SPY prints (New York regular session, 1m and 5m candles): a
/// session VWAP published from ticks, the 1m close and a 9-period EMA of it. Tests differ only in its name, in what
/// becomes of the EMA (published or persisted) and in nodes they add after it.
/// </summary>
internal static class SpyPipeline
{
    /// <param name="name">the pipeline's name.</param>
    /// <param name="emaOutput">the EMA node's output line: <c>publish: true</c> or <c>persist: true</c>.</param>
    /// <param name="extraNodes">YAML of further nodes, indented as list items of <c>nodes:</c> (two spaces).</param>
    public static string Yaml(string name, string emaOutput = "publish: true", string extraNodes = "") => $$"""
        pipeline: {{name}}
        timeframes: [1m, 5m]
        session:
          timezone: America/New_York
          open: "09:30"
          close: "16:00"
          days: [mon, tue, wed, thu, fri]
        tick_size: 0.01
        nodes:
          - id: session_vwap
            kind: tick_vwap
            params: {session: us_equity}
            inputs: [ticks]
            publish: [vwap]
          - id: close_1m
            kind: candle_field
            inputs: [candles:1m]
          - id: ema_fast_1m
            kind: ema
            params: {period: 9}
            inputs: [close_1m]
            {{emaOutput}}

        """ + extraNodes;
}
