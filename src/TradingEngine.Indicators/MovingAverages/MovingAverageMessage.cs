using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MovingAverages;

/// <summary>The <see cref="MovingAverage"/> message the moving-average cores emit as nodes (<see cref="Nodes.ISeriesCore{TSelf}.Emit"/>).</summary>
internal static class MovingAverageMessage
{
    public static void Emit(NodeContext context, Timeframe timeframe, MovingAverageKind kind, int period, double value) =>
        context.Emit(new MovingAverage
        {
            Symbol = context.Symbol,
            Timeframe = timeframe,
            EventTime = context.EventTime,
            Kind = kind,
            Period = (ushort)period,
            Value = value,
        });
}
