using BenchmarkDotNet.Attributes;
using TradingEngine.Indicators;
using TradingEngine.Indicators.Volume;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Benchmarks.Indicators;

/// <summary>
/// Cost of ONE trade in each volume core (OperationsPerInvoke = trades per call), steady state, on a seeded
/// random walk of ES-like prices (tick 25 raw). Bar: footprint/profile ≤ 30 ns per tick, 0 B/op.
/// Run: dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*VolumeBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class VolumeBenchmarks
{
    private const int N = 4096;
    private const long Tick = 25;

    private readonly long[] _price = new long[N];
    private readonly long[] _size = new long[N];
    private readonly long[] _time = new long[N];
    private readonly AggressorSide[] _side = new AggressorSide[N];

    private AggressorClassifier _classifier;
    private DeltaVolumeState _delta;
    private CumulativeDeltaState _cumulative;
    private FootprintState _footprint;
    private SessionVolumeProfile _profile;
    private RollingVolumeProfile _rolling;
    private long _clock;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        long price = 480_000;
        for (var i = 0; i < N; i++)
        {
            price += (random.Next(5) - 2) * Tick;
            _price[i] = price;
            _size[i] = 1 + random.Next(20);
            _side[i] = random.Next(2) == 0 ? AggressorSide.Buy : AggressorSide.Sell;
        }
        _footprint = FootprintState.Create(Tick, 3.0, 512);
        _profile = SessionVolumeProfile.Create(SessionCalendar.CmeGlobex, Tick, 1024);
        _rolling = RollingVolumeProfile.Create(2_000_000_000, Tick, 1024, 8192);
        _cumulative = CumulativeDeltaState.Create(SessionCalendar.CmeGlobex);
        _clock = 1_704_150_000_000_000_000;
        for (var pass = 0; pass < 4; pass++)
            Rolling();
        Footprint();
        Profile();
    }

    private void NextTimes()
    {
        for (var i = 0; i < N; i++)
            _time[i] = _clock += 1_000_000; // 1 ms apart: ~2,000 trades inside the rolling window
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Classify()
    {
        var buys = 0;
        var price = _price;
        for (var i = 0; i < price.Length; i++)
            if (_classifier.Classify(price[i], AggressorSide.Unknown, price[i] - Tick, price[i] + Tick) == AggressorSide.Buy)
                buys++;
        return buys;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long DeltaVolume()
    {
        _delta.Reset();
        var price = _price;
        for (var i = 0; i < price.Length; i++)
            _delta.Add(_side[i], _size[i]);
        return _delta.Delta;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long CumulativeDelta()
    {
        long last = 0;
        var price = _price;
        var t = 1_704_150_000_000_000_000L;
        for (var i = 0; i < price.Length; i++)
            _cumulative.Update(t + i, _side[i], _size[i], out last);
        return last;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long Footprint()
    {
        _footprint.Reset();
        var price = _price;
        for (var i = 0; i < price.Length; i++)
            _footprint.Add(price[i], _side[i], _size[i]);
        return _footprint.Volume;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long Profile()
    {
        var price = _price;
        var t = 1_704_150_000_000_000_000L;
        for (var i = 0; i < price.Length; i++)
            _profile.Add(t + i, price[i], _size[i]);
        return _profile.Profile.TotalVolume;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long Rolling()
    {
        NextTimes();
        var price = _price;
        var time = _time;
        for (var i = 0; i < price.Length; i++)
            _rolling.Add(time[i], price[i], _size[i]);
        return _rolling.Profile.TotalVolume;
    }
}
