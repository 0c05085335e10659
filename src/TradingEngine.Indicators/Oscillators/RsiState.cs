using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Oscillators;

/// <summary>
/// Relative strength index (Wilder), streaming, O(1), no allocation.
/// <para>
/// Formula: d[t] = x[t] − x[t−1]; gain = max(d, 0), loss = max(−d, 0).
/// Seed: avgGain and avgLoss are the simple means of the first N gains and losses (inputs 1..N).
/// Smoothing (Wilder): avg = (avg·(N−1) + current) / N, computed as TA-Lib does (multiply, add, divide).
/// RSI = 100 · avgGain / (avgGain + avgLoss); 0 when avgGain + avgLoss is within ±1e-14 (TA_IS_ZERO).
/// Lookback: N (the first output comes with input N+1, the first difference needs a previous input).
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5, ta_RSI.c, default compatibility, unstable period 0),
/// tests/reference/talib.json, within 1e-9 × max(1, |ref|), and bit for bit against <see cref="RsiBatch"/>.
/// (technicalindicators' RSI rounds to 2 decimals and is therefore not used as a reference.)
/// </para>
/// </summary>
public struct RsiState : ISeriesCore<RsiState>
{
    private const double Epsilon = 0.00000000000001;

    private double _prevValue;
    private double _avgGain;
    private double _avgLoss;
    private double _periodAsDouble;
    private double _periodMinusOne;
    private int _period;
    private long _count;

    public static RsiState Create(int period)
    {
        PeriodGuard.Check(period, "RSI");
        return new RsiState { _period = period, _periodAsDouble = period, _periodMinusOne = period - 1 };
    }

    public readonly int Period => _period;

    public readonly int Lookback => _period;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double input, out double value)
    {
        var count = _count++;
        var change = input - _prevValue;
        _prevValue = input;
        // Branch-free split of the change (a sign branch mispredicts half the time on prices):
        // (c + |c|)/2 is exactly max(c, 0) and (|c| − c)/2 exactly max(−c, 0) — doubling and halving are exact,
        // and adding +0.0 to a non-negative average leaves it unchanged — so this is bit-identical to TA-Lib's
        // "if (c < 0) loss −= c; else gain += c".
        var magnitude = Math.Abs(change);
        var gain = (change + magnitude) * 0.5;
        var loss = (magnitude - change) * 0.5;
        if (count > _period)
        {
            _avgLoss = ((_avgLoss * _periodMinusOne) + loss) / _periodAsDouble;
            _avgGain = ((_avgGain * _periodMinusOne) + gain) / _periodAsDouble;
        }
        else
        {
            if (count == 0)
            {
                value = 0;
                return false;
            }
            _avgLoss += loss; // running sums of the seed window
            _avgGain += gain;
            if (count < _period)
            {
                value = 0;
                return false;
            }
            _avgLoss /= _periodAsDouble;
            _avgGain /= _periodAsDouble;
        }
        var total = _avgGain + _avgLoss;
        value = (-Epsilon < total && total < Epsilon) ? 0.0 : 100.0 * (_avgGain / total);
        return true;
    }

    public void Reset()
    {
        _prevValue = 0;
        _avgGain = 0;
        _avgLoss = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 8 + 8 * 3;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Rsi);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _period);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _prevValue);
        SnapshotFormat.WriteDouble(destination, ref offset, _avgGain);
        SnapshotFormat.WriteDouble(destination, ref offset, _avgLoss);
        return offset;
    }

    public static RsiState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Rsi);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._prevValue = SnapshotFormat.ReadDouble(source, ref offset);
        state._avgGain = SnapshotFormat.ReadDouble(source, ref offset);
        state._avgLoss = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }

    /// <summary>Runs as node kind <c>rsi</c> (<see cref="SeriesNode{TCore}"/>).</summary>
    static SeriesKind ISeriesCore<RsiState>.Kind => new("rsi", "Relative strength index (Wilder, TA-Lib conventions) of a number or a candle field.", 14);

    static void ISeriesCore<RsiState>.Emit(NodeContext context, Timeframe timeframe, int period, double value) =>
        context.Emit(new Rsi
        {
            Symbol = context.Symbol,
            Timeframe = timeframe,
            EventTime = context.EventTime,
            Period = (ushort)period,
            Value = value,
        });
}
