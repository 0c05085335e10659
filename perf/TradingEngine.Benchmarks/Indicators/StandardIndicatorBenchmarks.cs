using BenchmarkDotNet.Attributes;
using TradingEngine.Indicators;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Indicators.Vwap;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Benchmarks.Indicators;

/// <summary>
/// Cost of ONE update of each standard indicator core (OperationsPerInvoke = inputs per call), in steady
/// state, on a seeded random walk. Bar: ≤ 10 ns per update, 0 B/op.
/// Run: dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*StandardIndicatorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class StandardIndicatorBenchmarks
{
    private const int N = 4096;

    private readonly double[] _close = new double[N];
    private readonly double[] _high = new double[N];
    private readonly double[] _low = new double[N];
    private readonly double[] _volume = new double[N];
    private readonly long[] _time = new long[N];

    // Non-readonly fields: the cores are mutable structs updated in place.
    private SmaState _sma;
    private EmaState _ema;
    private WmaState _wma;
    private RsiState _rsi;
    private AtrState _atr;
    private VwapState _vwap;
    private TickVwapState _tickVwap;
    private readonly long[] _priceRaw = new long[N];
    private readonly long[] _sizeRaw = new long[N];

    [Params(14)]
    public int Period { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var price = 4800.0;
        for (var i = 0; i < N; i++)
        {
            price += Math.Round((random.NextDouble() - 0.5) * 4) * 0.25;
            _close[i] = price;
            _high[i] = price + 0.5;
            _low[i] = price - 0.5;
            _volume[i] = 1 + random.Next(100);
            _time[i] = 1_704_150_000_000_000_000 + (i * 1_000_000L); // inside one CME session
        }
        _sma = SmaState.Create(Period);
        _ema = EmaState.Create(Period);
        _wma = WmaState.Create(Period);
        _rsi = RsiState.Create(Period);
        _atr = AtrState.Create(Period);
        _vwap = VwapState.Create(SessionCalendar.CmeGlobex);
        _tickVwap = TickVwapState.Create(SessionCalendar.CmeGlobex, 2);
        for (var i = 0; i < N; i++)
        {
            _priceRaw[i] = (long)Math.Round(_close[i] * 100);
            _sizeRaw[i] = (long)_volume[i];
            _tickVwap.Update(_time[i], _priceRaw[i], _sizeRaw[i], out _);
        }
        for (var i = 0; i < N; i++)
        {
            _sma.Update(_close[i], out _);
            _ema.Update(_close[i], out _);
            _wma.Update(_close[i], out _);
            _rsi.Update(_close[i], out _);
            _atr.Update(_high[i], _low[i], _close[i], out _);
            _vwap.Update(_time[i], _close[i], _volume[i], out _);
        }
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double Sma()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_sma.Update(close[i], out var v))
                sum += v;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double Ema()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_ema.Update(close[i], out var v))
                sum += v;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double Wma()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_wma.Update(close[i], out var v))
                sum += v;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double Rsi()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_rsi.Update(close[i], out var v))
                sum += v;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double Atr()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_atr.Update(_high[i], _low[i], close[i], out var v))
                sum += v;
        return sum;
    }

    /// <summary>Update and read the VWAP itself.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double Vwap()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_vwap.Update(_time[i], close[i], _volume[i], out var v))
                sum += v.Vwap;
        return sum;
    }

    /// <summary>Update and read the VWAP and its 2σ upper band (two divisions and a square root more).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double VwapWithBands()
    {
        double sum = 0;
        var close = _close;
        for (var i = 0; i < close.Length; i++)
            if (_vwap.Update(_time[i], close[i], _volume[i], out var v))
                sum += v.Upper2;
        return sum;
    }

    /// <summary>Exact tick VWAP (Int128 sums), update and read the VWAP (an Int128 division).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double TickVwap()
    {
        double sum = 0;
        var price = _priceRaw;
        for (var i = 0; i < price.Length; i++)
            if (_tickVwap.Update(_time[i], price[i], _sizeRaw[i], out var v))
                sum += v.Vwap;
        return sum;
    }

    /// <summary>Exact tick VWAP, update only (the sums a node publishes; the division happens on read).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long TickVwapUpdateOnly()
    {
        long sum = 0;
        var price = _priceRaw;
        for (var i = 0; i < price.Length; i++)
            if (_tickVwap.Update(_time[i], price[i], _sizeRaw[i], out var v))
                sum += v.SumSizeRaw;
        return sum;
    }
}
