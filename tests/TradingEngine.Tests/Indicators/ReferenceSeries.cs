namespace TradingEngine.Tests.Indicators;

/// <summary>One series of reference outputs: values at input row <see cref="Index"/>.</summary>
public sealed record ReferenceSeries(string Indicator, int Period, int Begin, int Outputs, int[] Index, double[] Value);
