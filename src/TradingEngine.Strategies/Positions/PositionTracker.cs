using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Strategies.Positions;

/// <summary>
/// Simulated execution of one strategy's orders (docs/strategies.md §5). One position at a time: an entry is
/// accepted only when flat with nothing pending. Market orders (entries, exits) fill at the next price after they
/// were submitted: the next tick (<see cref="OnTick"/>) or, without ticks, the next bar's open (<see cref="OnBar"/>),
/// moved against the order by the slippage. The protective stop fills when a tick trades at or through it, at that
/// tick's price minus slippage (on bars: at the stop, or at the open if the bar opened through it); the target is a
/// limit filled at its price (on bars: at the open if it opened through it). When one bar reaches both, the stop
/// wins. Commission is charged per unit per fill; PnL = price difference × quantity × point value.
/// </summary>
internal struct PositionTracker
{
    private Fill[] _fills;
    private int _fillCount;
    private long _slippageRaw;
    private double _slippage;
    private double _commission;
    private double _pointValue;
    private int _precision;
    private PositionSide _side;
    private long _quantity;
    private double _average;
    private double _realized;
    private long _stopRaw;
    private long _targetRaw;
    private FillReason _pending;
    private PositionSide _pendingSide;
    private long _pendingQuantity;
    private long _pendingStop;
    private long _pendingTarget;

    /// <summary>A tracker.</summary>
    /// <param name="slippage">Slippage per market fill in price units (e.g. ticks × tick size).</param>
    /// <param name="commissionPerUnit">Commission per unit per fill (instrument currency).</param>
    /// <param name="pointValue">Currency per unit per one point of price.</param>
    /// <param name="precision">Price precision of the prices it will see; −1 to set it later with <see cref="BindPrecision"/>.</param>
    public static PositionTracker Create(double slippage, double commissionPerUnit, double pointValue, int precision = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slippage);
        ArgumentOutOfRangeException.ThrowIfNegative(commissionPerUnit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointValue);
        var t = new PositionTracker { _fills = new Fill[2], _slippage = slippage, _commission = commissionPerUnit, _pointValue = pointValue, _precision = -1 };
        if (precision >= 0)
            t.BindPrecision(precision);
        return t;
    }

    /// <summary>Fixes the price precision (the first candle's); slippage is rounded to raw units once, here.</summary>
    public void BindPrecision(int precision)
    {
        if (_precision == precision)
            return;
        _precision = precision;
        _slippageRaw = (long)Math.Round(_slippage * FixedPoint.Pow10(precision), MidpointRounding.AwayFromZero);
    }

    /// <summary>Flat, long or short.</summary>
    public readonly PositionSide Side => _side;

    /// <summary>Units held (0 when flat).</summary>
    public readonly long Quantity => _quantity;

    /// <summary>Average entry price.</summary>
    public readonly double AveragePrice => _average;

    /// <summary>Cumulative realized PnL, commissions included.</summary>
    public readonly double RealizedPnl => _realized;

    /// <summary>Whether an order waits for the next price.</summary>
    public readonly bool HasPending => _pending != FillReason.None;

    /// <summary>The stop of the open position.</summary>
    public readonly long StopRaw => _stopRaw;

    /// <summary>The target of the open position.</summary>
    public readonly long TargetRaw => _targetRaw;

    /// <summary>The fills of the last <see cref="OnTick"/> / <see cref="OnBar"/>.</summary>
    public readonly ReadOnlySpan<Fill> Fills => _fills.AsSpan(0, _fillCount);

    /// <summary>Unrealized PnL at <paramref name="markRaw"/>.</summary>
    public readonly double Unrealized(long markRaw) => _side == PositionSide.Flat ? 0
        : (FixedPoint.ToDouble(markRaw, _precision) - _average) * _quantity * _pointValue * (_side == PositionSide.Long ? 1 : -1);

    /// <summary>Queues a market entry with its stop and target; false (ignored) unless flat with nothing pending.</summary>
    public bool SubmitEntry(PositionSide side, long quantity, long stopRaw, long targetRaw)
    {
        if (_side != PositionSide.Flat || _pending != FillReason.None || side == PositionSide.Flat || quantity <= 0)
            return false;
        _pending = FillReason.Entry;
        _pendingSide = side;
        _pendingQuantity = quantity;
        _pendingStop = stopRaw;
        _pendingTarget = targetRaw;
        return true;
    }

    /// <summary>Queues a market exit of the open position; false (ignored) when flat or an order is pending.</summary>
    public bool SubmitExit()
    {
        if (_side == PositionSide.Flat || _pending != FillReason.None)
            return false;
        _pending = FillReason.Exit;
        return true;
    }

    /// <summary>
    /// A futures roll with <c>on_roll: flatten</c> (docs/rolls.md): a pending entry is cancelled (it would fill on the new
    /// contract), and the open position (with or without a pending exit) closes at <paramref name="priceRaw"/>, the old
    /// contract's reference price, exactly: no slippage, commission as on any fill. Returns the fills (0 or 1);
    /// <paramref name="cancelled"/> is the side of a cancelled entry (Flat: none).
    /// </summary>
    public int Flatten(long time, long priceRaw, out PositionSide cancelled)
    {
        _fillCount = 0;
        cancelled = PositionSide.Flat;
        if (_pending == FillReason.Entry)
            cancelled = _pendingSide;
        _pending = FillReason.None;
        if (_side != PositionSide.Flat)
            Close(time, priceRaw, FillReason.Roll);
        return _fillCount;
    }

    /// <summary>A trade at <paramref name="priceRaw"/>: fills a pending order, else tests stop and target.</summary>
    public int OnTick(long time, long priceRaw)
    {
        _fillCount = 0;
        if (_pending != FillReason.None)
        {
            FillPending(time, priceRaw);
            return _fillCount;
        }
        if (_side == PositionSide.Long)
        {
            if (priceRaw <= _stopRaw)
                Close(time, priceRaw - _slippageRaw, FillReason.Stop);
            else if (priceRaw >= _targetRaw)
                Close(time, _targetRaw, FillReason.Target);
        }
        else if (_side == PositionSide.Short)
        {
            if (priceRaw >= _stopRaw)
                Close(time, priceRaw + _slippageRaw, FillReason.Stop);
            else if (priceRaw <= _targetRaw)
                Close(time, _targetRaw, FillReason.Target);
        }
        return _fillCount;
    }

    /// <summary>A bar (without ticks): a pending order fills at its open, then stop and target are tested on its range.</summary>
    public int OnBar(in Candle bar)
    {
        _fillCount = 0;
        // Fills inside a bar are known only when the bar closes: they carry its close time, so no message predates its event.
        var time = bar.CloseTime;
        if (_pending != FillReason.None)
            FillPending(time, bar.OpenRaw);
        if (_side == PositionSide.Long)
        {
            if (bar.LowRaw <= _stopRaw)
                Close(time, Math.Min(bar.OpenRaw, _stopRaw) - _slippageRaw, FillReason.Stop);
            else if (bar.HighRaw >= _targetRaw)
                Close(time, Math.Max(bar.OpenRaw, _targetRaw), FillReason.Target);
        }
        else if (_side == PositionSide.Short)
        {
            if (bar.HighRaw >= _stopRaw)
                Close(time, Math.Max(bar.OpenRaw, _stopRaw) + _slippageRaw, FillReason.Stop);
            else if (bar.LowRaw <= _targetRaw)
                Close(time, Math.Min(bar.OpenRaw, _targetRaw), FillReason.Target);
        }
        return _fillCount;
    }

    private void FillPending(long time, long priceRaw)
    {
        var reason = _pending;
        _pending = FillReason.None;
        if (reason == FillReason.Entry)
        {
            var buy = _pendingSide == PositionSide.Long;
            var price = buy ? priceRaw + _slippageRaw : priceRaw - _slippageRaw;
            _side = _pendingSide;
            _quantity = _pendingQuantity;
            _average = FixedPoint.ToDouble(price, _precision);
            _stopRaw = _pendingStop;
            _targetRaw = _pendingTarget;
            _realized -= _commission * _quantity;
            _fills[_fillCount++] = new Fill(time, FillReason.Entry, price, _quantity, _side, _average, _realized);
        }
        else
        {
            var price = _side == PositionSide.Long ? priceRaw - _slippageRaw : priceRaw + _slippageRaw;
            Close(time, price, FillReason.Exit);
        }
    }

    private void Close(long time, long priceRaw, FillReason reason)
    {
        var sign = _side == PositionSide.Long ? 1 : -1;
        var quantity = _quantity;
        _realized += ((FixedPoint.ToDouble(priceRaw, _precision) - _average) * quantity * _pointValue * sign) - (_commission * quantity);
        _side = PositionSide.Flat;
        _quantity = 0;
        _average = 0;
        _stopRaw = 0;
        _targetRaw = 0;
        _fills[_fillCount++] = new Fill(time, reason, priceRaw, quantity, PositionSide.Flat, 0, _realized);
    }

    /// <summary>Writes the whole state.</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        w.WriteInt32(_precision);
        w.WriteInt64(_slippageRaw);
        w.WriteByte((byte)_side);
        w.WriteInt64(_quantity);
        w.WriteDouble(_average);
        w.WriteDouble(_realized);
        w.WriteInt64(_stopRaw);
        w.WriteInt64(_targetRaw);
        w.WriteByte((byte)_pending);
        w.WriteByte((byte)_pendingSide);
        w.WriteInt64(_pendingQuantity);
        w.WriteInt64(_pendingStop);
        w.WriteInt64(_pendingTarget);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(ref StateReader r)
    {
        _precision = r.ReadInt32();
        _slippageRaw = r.ReadInt64();
        _side = (PositionSide)r.ReadByte();
        _quantity = r.ReadInt64();
        _average = r.ReadDouble();
        _realized = r.ReadDouble();
        _stopRaw = r.ReadInt64();
        _targetRaw = r.ReadInt64();
        _pending = (FillReason)r.ReadByte();
        _pendingSide = (PositionSide)r.ReadByte();
        _pendingQuantity = r.ReadInt64();
        _pendingStop = r.ReadInt64();
        _pendingTarget = r.ReadInt64();
        _fillCount = 0;
    }
}
