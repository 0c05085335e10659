using TradingEngine.Ring;

namespace TradingEngine.Engine.Hosting;

/// <summary>The ring wait strategies a profile can name (docs/ring.md weighs their CPU cost against latency).</summary>
public enum WaitStrategyKind
{
    /// <summary>Spins on the cursor: lowest latency, burns its core at 100 %. Only on an isolated core.</summary>
    BusySpin,
    /// <summary>Spins, then yields the core: low latency, leaves the core to others when they need it.</summary>
    Yielding,
    /// <summary>
    /// Spins while the other threads pinned to its core have nothing to read, yields it as soon as one has (and every
    /// ~35 µs): the hot thread of a core it shares (dev-2core's executor beside the publisher).
    /// </summary>
    Cooperative,
    /// <summary>Spin, yield, then sleep: little CPU when idle, higher wake-up latency.</summary>
    Sleeping,
    /// <summary>Waits on a signal with a timeout: no CPU when idle, microseconds to wake.</summary>
    Blocking,
}

/// <summary>Names in profile files and the ring strategies they create.</summary>
public static class WaitStrategyKinds
{
    public static bool TryParse(string text, out WaitStrategyKind kind)
    {
        switch (text)
        {
            case "busy-spin": kind = WaitStrategyKind.BusySpin; return true;
            case "yielding": kind = WaitStrategyKind.Yielding; return true;
            case "cooperative": kind = WaitStrategyKind.Cooperative; return true;
            case "sleeping": kind = WaitStrategyKind.Sleeping; return true;
            case "blocking": kind = WaitStrategyKind.Blocking; return true;
            default: kind = default; return false;
        }
    }

    public static string Name(WaitStrategyKind kind) => kind switch
    {
        WaitStrategyKind.BusySpin => "busy-spin",
        WaitStrategyKind.Yielding => "yielding",
        WaitStrategyKind.Cooperative => "cooperative",
        WaitStrategyKind.Sleeping => "sleeping",
        _ => "blocking",
    };

    /// <param name="kind">the strategy</param>
    /// <param name="sharesCore">the thread is pinned to a core another thread is pinned to: a yielding one then yields at once</param>
    public static WaitStrategy Create(WaitStrategyKind kind, bool sharesCore = false) => kind switch
    {
        WaitStrategyKind.BusySpin => new BusySpinWaitStrategy(),
        WaitStrategyKind.Yielding => new YieldingWaitStrategy(sharesCore ? 0 : YieldingWaitStrategy.DefaultSpinTries),
        WaitStrategyKind.Cooperative => new CooperativeWaitStrategy(),
        WaitStrategyKind.Sleeping => new SleepingWaitStrategy(),
        _ => new BlockingWaitStrategy(),
    };
}
