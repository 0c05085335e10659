namespace TradingEngine.Engine.Dag;

/// <summary>
/// How a compiled plan (<see cref="PlanCompiler"/>) may run a node in place of calling its
/// <see cref="INode{TSelf}.Evaluate"/>: a node declares it through <see cref="INode{TSelf}.Inlining"/>, and the
/// form promises that the inline code and <c>Evaluate</c> write the same outputs, bit for bit.
/// </summary>
public enum InlineForm : byte
{
    /// <summary>Called through its kind's evaluator (every node unless it declares otherwise).</summary>
    None = 0,

    /// <summary>
    /// Output 0 is <c>PriceMath.ToDouble(CloseRaw, PricePrecision)</c> of input 0's candle, always valid, and the node
    /// always reports a change: the bridge from candles to numbers (<c>candle_field</c>'s default). Inlined when
    /// input 0 is bound to a forming candle (<c>forming:TF</c>), read in place in the aggregator's state; called
    /// otherwise.
    /// </summary>
    FormingClose = 1,
}
