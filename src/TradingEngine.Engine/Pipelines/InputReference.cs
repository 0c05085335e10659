namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// One input reference as written in YAML: a source (<c>ticks</c>, <c>quotes</c>, <c>timer</c>,
/// <c>gaps</c>, <c>candles:5m</c>, <c>forming:5m</c>, <c>external:5m</c>) or a node output
/// (<c>ema_fast</c>, <c>macd.signal</c>).
/// </summary>
/// <param name="Port">The input port it binds to (mapping form), or null for positional binding (list form).</param>
/// <param name="Text">The reference.</param>
/// <param name="Line">1-based line.</param>
public sealed record InputReference(string? Port, string Text, int Line);
