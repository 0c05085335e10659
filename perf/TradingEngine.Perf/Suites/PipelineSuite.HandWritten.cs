using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Indicators.Volume;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    private const string HandWrittenPipeline = "perf/pipelines/bench.yaml";

    /// <summary>The hand-written bench.yaml over the workload, timed like <see cref="MemoryRun"/>.</summary>
    private static TopologyRun HandWrittenRun(Workload w)
    {
        var bench = new HandWrittenBench(w.Aggregation);
        var run = TimeBatches(w, batch => bench.Feed(batch));
        return run with { Outputs = bench.Outputs + bench.Candles };
    }

    /// <summary>Runs the engine and the hand-written pipeline over the workload and lists every output that differs.</summary>
    private static List<string> HandWrittenDifferences(Workload w)
    {
        var executor = w.NewExecutor();
        var driver = new InMemoryDriver<CountingSink>(executor, default);
        var bench = new HandWrittenBench(w.Aggregation);
        driver.Feed(w.Events);
        bench.Feed(w.Events);
        var differences = bench.Differences(executor.Pipelines[0].Dag);
        if (driver.Sink.Outputs != bench.Outputs + bench.Candles)
            differences.Add($"outputs + candles: engine {driver.Sink.Outputs}, hand-written {bench.Outputs + bench.Candles}");
        return differences;
    }

    /// <summary>
    /// perf/pipelines/bench.yaml written out by hand: the same aggregator, the same indicator cores and the same
    /// per-node rules (which node runs on which event, warm-up validity, when a candle close resets a bar), called
    /// in a fixed order from one method, with outputs in plain fields. It is the in-run baseline of the
    /// executor-from-memory figure: the engine against code that does the same arithmetic without the DAG's
    /// scheduling, dispatch, node context, value board and executor. <see cref="Differences"/> compares every output
    /// with an engine run of the same events, bit for bit, so the baseline cannot quietly do less work.
    /// </summary>
    private sealed class HandWrittenBench
    {
        private const int Minute = 0;
        private const int FiveMinutes = 1;
        private const int FastPeriod = 9;
        private const int SlowPeriod = 21;

        private readonly CandleAggregator _aggregator;
        private BarEvents _bars;

        // px_1m, px_5m, px_15m: the forming closes
        private readonly double[] _px = new double[3];
        private readonly bool[] _pxValid = new bool[3];

        // vwap (tick_vwap, session utc)
        private TickVwapState _vwap;
        private bool _vwapStarted;
        private readonly double[] _vwapOut = new double[6];
        private bool _vwapValid;

        // delta (delta_volume on candles:1m)
        private TradeClassifier _deltaSides;
        private DeltaVolumeState _deltaBar;
        private long _deltaLastClosedOpen;
        private byte _deltaSizePrecision;
        private readonly double[] _deltaOut = new double[4];

        // cum_delta (cumulative_delta, session utc)
        private TradeClassifier _cumSides;
        private CumulativeDeltaState _cum = CumulativeDeltaState.Create(SessionCalendar.Utc);
        private double _cumOut;

        // footprint (tick 0.25, 4096 levels, candles:5m)
        private TradeClassifier _footprintSides;
        private FootprintState _footprint;
        private bool _footprintStarted;
        private long _footprintLastClosedOpen;
        private byte _footprintPricePrecision;
        private byte _footprintSizePrecision;
        private readonly double[] _footprintOut = new double[3];
        private readonly long[] _footprintCounts = new long[3];

        // profile (session utc, tick 0.25, 65536 levels, value area 70 %, refreshed on candles:1m)
        private SessionVolumeProfile _profile;
        private bool _profileStarted;
        private byte _profilePricePrecision;
        private byte _profileSizePrecision;
        private readonly double[] _profileOut = new double[4];

        // tick_signal (px_1m against vwap) and trend (fast_5m against slow_15m)
        private Cross _tickSignal;
        private Cross _trend;

        // per timeframe: close, fast EMA 9, slow EMA 21, macd = fast − slow, mean SMA 20
        private readonly double[] _close = new double[3];
        private readonly EmaState[] _fast = new EmaState[3];
        private readonly EmaState[] _slow = new EmaState[3];
        private readonly SmaState[] _mean = new SmaState[3];
        private readonly double[] _fastOut = new double[3];
        private readonly double[] _slowOut = new double[3];
        private readonly double[] _macdOut = new double[3];
        private readonly double[] _meanOut = new double[3];
        private readonly bool[] _fastValid = new bool[3];
        private readonly bool[] _slowValid = new bool[3];

        public HandWrittenBench(CandleAggregator like)
        {
            var specs = new BarSpec[like.SpecCount];
            for (var i = 0; i < specs.Length; i++)
                specs[i] = like.Spec(i);
            _aggregator = new CandleAggregator(like.Symbol, specs, like.Calendar, like.PricePrecision, like.SizePrecision);
            for (var tf = 0; tf < 3; tf++)
            {
                _fast[tf] = EmaState.Create(FastPeriod);
                _slow[tf] = EmaState.Create(SlowPeriod);
                _mean[tf] = SmaState.Create(20);
            }
        }

        /// <summary>Published outputs that changed (tick_signal, trend), like the engine's sink counts them.</summary>
        public long Outputs { get; private set; }

        /// <summary>Candles closed.</summary>
        public long Candles => _bars.Candles;

        public void Feed(ReadOnlySpan<MarketEvent> events)
        {
            for (var i = 0; i < events.Length; i++)
                OnEvent(in events[i]);
        }

        private void OnEvent(in MarketEvent e)
        {
            _bars.Updated = 0;
            _bars.Closed = 0;
            var isTick = e.Kind == MarketEventKind.Tick;
            if (isTick)
                _aggregator.OnTick(in e.Tick, ref _bars);
            else if (e.Kind == MarketEventKind.Timer)
                _aggregator.OnTimer(e.Timer.EventTime, ref _bars);
            else
                return;
            ref readonly var t = ref e.Tick;

            var pxChanged = false;
            for (var tf = 0; tf < 3; tf++)
            {
                if ((_bars.Updated & (1 << tf)) == 0)
                    continue;
                ref readonly var forming = ref _aggregator.Forming(tf);
                _px[tf] = PriceMath.ToDouble(forming.CloseRaw, forming.PricePrecision);
                _pxValid[tf] = true;
                pxChanged |= tf == Minute;
            }

            var vwapChanged = false;
            if (isTick)
            {
                if (!_vwapStarted)
                {
                    _vwap = TickVwapState.Create(SessionCalendar.Utc, t.PricePrecision);
                    _vwapStarted = true;
                }
                if (_vwap.Add(t.EventTime, t.PriceRaw, t.SizeRaw))
                {
                    double vwap = _vwap.Vwap, sigma = _vwap.StdDev;
                    _vwapOut[0] = vwap;
                    _vwapOut[1] = vwap + sigma;
                    _vwapOut[2] = vwap - sigma;
                    _vwapOut[3] = vwap + (2 * sigma);
                    _vwapOut[4] = vwap - (2 * sigma);
                    _vwapOut[5] = FixedPoint.ToDouble(_vwap.SumSizeRaw, t.SizePrecision);
                    _vwapValid = vwapChanged = true;
                }
            }

            var minuteClosed = (_bars.Closed & (1 << Minute)) != 0;
            if (isTick || minuteClosed)
                Delta(in t, isTick);

            if (isTick && _cum.Update(t.EventTime, _cumSides.Classify(in t), t.SizeRaw, out var cumulative))
                _cumOut = FixedPoint.ToDouble(cumulative, t.SizePrecision);

            if (isTick || (_bars.Closed & (1 << FiveMinutes)) != 0)
                Footprint(in t, isTick);

            if (isTick || minuteClosed)
                Profile(in t, isTick, minuteClosed);

            if ((pxChanged || vwapChanged) && _pxValid[Minute] && _vwapValid && _tickSignal.Update(_px[Minute] - _vwapOut[0]))
                Outputs++;

            var trendInputChanged = false;
            for (var tf = 0; tf < 3; tf++)
            {
                if ((_bars.Closed & (1 << tf)) == 0)
                    continue;
                ref readonly var closed = ref _aggregator.LastClosed(tf);
                _close[tf] = PriceMath.ToDouble(closed.CloseRaw, closed.PricePrecision);
                // an EMA or SMA still warming up leaves its output as it was (the node returns false)
                var fastChanged = _fast[tf].Update(_close[tf], out var fast);
                if (fastChanged)
                    (_fastOut[tf], _fastValid[tf]) = (fast, true);
                var slowChanged = _slow[tf].Update(_close[tf], out var slow);
                if (slowChanged)
                    (_slowOut[tf], _slowValid[tf]) = (slow, true);
                if ((fastChanged || slowChanged) && _fastValid[tf] && _slowValid[tf])
                    _macdOut[tf] = _fastOut[tf] - _slowOut[tf];
                if (_mean[tf].Update(_close[tf], out var mean))
                    _meanOut[tf] = mean;
                trendInputChanged |= (tf == 1 && fastChanged) || (tf == 2 && slowChanged);
            }
            if (trendInputChanged && _fastValid[1] && _slowValid[2] && _trend.Update(_fastOut[1] - _slowOut[2]))
                Outputs++;
        }

        private void Delta(in Tick t, bool isTick)
        {
            ref readonly var closed = ref _aggregator.LastClosed(Minute);
            if (closed.OpenTime != _deltaLastClosedOpen && closed.CloseTime != 0)
            {
                _deltaLastClosedOpen = closed.OpenTime;
                _deltaOut[3] = FixedPoint.ToDouble(_deltaBar.Delta, _deltaSizePrecision);
                _deltaBar.Reset();
            }
            if (isTick)
            {
                _deltaSizePrecision = t.SizePrecision;
                _deltaBar.Add(_deltaSides.Classify(in t), t.SizeRaw);
            }
            _deltaOut[0] = FixedPoint.ToDouble(_deltaBar.Delta, _deltaSizePrecision);
            _deltaOut[1] = FixedPoint.ToDouble(_deltaBar.BuyVolume, _deltaSizePrecision);
            _deltaOut[2] = FixedPoint.ToDouble(_deltaBar.SellVolume, _deltaSizePrecision);
        }

        private void Footprint(in Tick t, bool isTick)
        {
            var changed = false;
            ref readonly var closed = ref _aggregator.LastClosed(FiveMinutes);
            if (closed.OpenTime != _footprintLastClosedOpen && closed.CloseTime != 0)
            {
                _footprintLastClosedOpen = closed.OpenTime;
                if (_footprintStarted)
                {
                    var summary = FootprintSummary.Of(in _footprint);
                    _footprintOut[2] = FixedPoint.ToDouble(summary.Poc, _footprintPricePrecision);
                    _footprintCounts[0] = summary.BuyImbalances;
                    _footprintCounts[1] = summary.SellImbalances;
                    _footprintCounts[2] = summary.MaxStacked;
                    _footprint.Reset();
                    changed = true;
                }
            }
            if (isTick)
            {
                if (!_footprintStarted)
                {
                    _footprintPricePrecision = t.PricePrecision;
                    _footprintSizePrecision = t.SizePrecision;
                    _footprint = FootprintState.Create(RawTickSize.From(0.25, t.PricePrecision), 3.0, 4096);
                    _footprintStarted = true;
                }
                _footprint.Add(t.PriceRaw, _footprintSides.Classify(in t), t.SizeRaw);
                changed = true;
            }
            if (changed)
            {
                _footprintOut[0] = FixedPoint.ToDouble(_footprint.Delta, _footprintSizePrecision);
                _footprintOut[1] = FixedPoint.ToDouble(_footprint.Volume, _footprintSizePrecision);
            }
        }

        private void Profile(in Tick t, bool isTick, bool minuteClosed)
        {
            if (isTick)
            {
                if (!_profileStarted)
                {
                    _profilePricePrecision = t.PricePrecision;
                    _profileSizePrecision = t.SizePrecision;
                    _profile = SessionVolumeProfile.Create(SessionCalendar.Utc, RawTickSize.From(0.25, t.PricePrecision), 65536);
                    _profileStarted = true;
                }
                if (!_profile.Add(t.EventTime, t.PriceRaw, t.SizeRaw))
                    return;
            }
            if (!_profileStarted || !minuteClosed)
                return;
            var area = _profile.ComputeValueArea(70);
            if (area.IsEmpty)
                return;
            _profileOut[0] = FixedPoint.ToDouble(area.PointOfControl, _profilePricePrecision);
            _profileOut[1] = FixedPoint.ToDouble(area.ValueAreaHigh, _profilePricePrecision);
            _profileOut[2] = FixedPoint.ToDouble(area.ValueAreaLow, _profilePricePrecision);
            _profileOut[3] = FixedPoint.ToDouble(area.TotalVolume, _profileSizePrecision);
        }

        /// <summary>Every output that differs from the engine's board after the same events ("node:port engine≠hand").</summary>
        public List<string> Differences(DagInstance engine)
        {
            var differences = new List<string>();
            var steps = engine.Dag.Steps;
            int Step(string id) => steps.Single(s => s.Id == id).Order;
            void Number(string id, int port, double mine)
            {
                var theirs = engine.Number(Step(id), port);
                if (!engine.IsValid(Step(id), port) || BitConverter.DoubleToInt64Bits(theirs) != BitConverter.DoubleToInt64Bits(mine))
                    differences.Add($"{id}:{port} {theirs}≠{mine}");
            }
            void Integer(string id, int port, long mine)
            {
                if (engine.Integer(Step(id), port) != mine)
                    differences.Add($"{id}:{port} {engine.Integer(Step(id), port)}≠{mine}");
            }
            string[] tf = ["1m", "5m", "15m"];
            for (var i = 0; i < 3; i++)
            {
                Number("px_" + tf[i], 0, _px[i]);
                Number("close_" + tf[i], 0, _close[i]);
                Number("fast_" + tf[i], 0, _fastOut[i]);
                Number("slow_" + tf[i], 0, _slowOut[i]);
                Number("macd_" + tf[i], 0, _macdOut[i]);
                Number("mean_" + tf[i], 0, _meanOut[i]);
            }
            for (var p = 0; p < 6; p++)
                Number("vwap", p, _vwapOut[p]);
            for (var p = 0; p < 4; p++)
                Number("delta", p, _deltaOut[p]);
            Number("cum_delta", 0, _cumOut);
            for (var p = 0; p < 3; p++)
                Number("footprint", p, _footprintOut[p]);
            for (var p = 0; p < 3; p++)
                Integer("footprint", 3 + p, _footprintCounts[p]);
            for (var p = 0; p < 4; p++)
                Number("profile", p, _profileOut[p]);
            Integer("tick_signal", 0, _tickSignal.Signal);
            Integer("trend", 0, _trend.Signal);
            return differences;
        }

        // cross_signal with threshold 0: +1/−1 on the event fast crosses above/below slow, else 0; true when the output changes
        private struct Cross
        {
            private int _side;
            public long Signal;

            public bool Update(double difference)
            {
                var side = difference > 0 ? 1 : difference < 0 ? -1 : _side;
                long signal = side != _side && _side != 0 ? side : 0;
                _side = side;
                if (signal == Signal)
                    return false;
                Signal = signal;
                return true;
            }
        }

        private struct BarEvents : ICandleSink
        {
            public int Updated;
            public int Closed;
            public long Candles;

            public void OnCandleUpdated(int spec, in Candle candle) => Updated |= 1 << spec;

            public void OnCandleClosed(int spec, in Candle candle)
            {
                Closed |= 1 << spec;
                Candles++;
            }
        }
    }
}
