using TradingEngine.Engine.Hosting;
using TradingEngine.Ring;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    /// <summary>How the ring topology's threads wait and where they run (set once per suite run from its options).</summary>
    private static RingThreads Threads = RingThreads.Fixed;

    /// <summary>
    /// The ring topology's threads, named as <c>te run</c>'s host names them (<c>executor:ES</c>, <c>journaler</c>,
    /// <c>publisher</c> for the output consumer). With a deployment profile each waits on the profile's strategy for its
    /// name (the rings wake them through a <see cref="PerThreadWaitStrategy"/>, as the host wires them) and is pinned to its
    /// core unless pinning is off; without one, the fixed choice the suite made before profiles: a yielding input ring
    /// and a blocking output ring, unpinned.
    /// </summary>
    private sealed class RingThreads
    {
        public static RingThreads Fixed { get; } = new(null, pin: false);

        private RingThreads(DeploymentProfile? profile, bool pin)
        {
            Profile = profile;
            Pin = pin;
        }

        public DeploymentProfile? Profile { get; }
        public bool Pin { get; }

        /// <summary><c>--profile FILE</c> (default native-profiles/dev-2core.yaml; <c>none</c>: the fixed choice), <c>--no-pin</c>.</summary>
        public static RingThreads From(SuiteOptions options, string repo)
        {
            var file = options.Value("--profile") ?? Path.Combine(repo, "native-profiles", "dev-2core.yaml");
            return file == "none" ? Fixed : new RingThreads(DeploymentProfile.Load(file), pin: !options.Has("--no-pin"));
        }

        public WaitStrategy InputRing() =>
            Profile is null ? new YieldingWaitStrategy() : new PerThreadWaitStrategy(WaitStrategyKinds.Create(Profile.DefaultWait));

        public WaitStrategy OutputRing() =>
            Profile is null ? new BlockingWaitStrategy() : new PerThreadWaitStrategy(WaitStrategyKinds.Create(Profile.DefaultWait));

        /// <summary>The barrier and options of the consumer thread <paramref name="name"/> on <paramref name="ring"/>.</summary>
        public (SequenceBarrier Barrier, ProcessorOptions Options) Consumer<T>(RingBuffer<T> ring, string name)
            where T : struct
        {
            if (Profile is null)
                return (ring.NewBarrier(), new ProcessorOptions { Name = name });
            var wait = Profile.WaitStrategyFor(name);
            return (ring.NewBarrier(wait), new ProcessorOptions { Name = name, Cpu = Pin ? Profile.For(name)?.Cpu : null, WaitStrategy = wait });
        }

        /// <summary>Links the cooperative threads to their core-mates' rings (<see cref="CoreMates"/>), as <c>EngineHost.Start</c> does.</summary>
        public void Link(IEnumerable<(Sequence Cursor, IReadOnlyList<IEventProcessor> Consumers)> rings)
        {
            if (Profile is not null)
                CoreMates.Link(Profile, rings);
        }

        public string Describe()
        {
            if (Profile is null)
                return "fixed: input ring yielding, output ring blocking, unpinned";
            string One(string name) => $"{name} {WaitStrategyKinds.Name(Profile.For(name)?.Wait ?? Profile.DefaultWait)}" +
                (Pin && Profile.For(name)?.Cpu is { } cpu ? $" cpu {cpu}" : "");
            return $"profile {Profile.Name}: {One(ExecutorThread)}, {One("journaler")}, {One("publisher")}{(Pin ? "" : ", unpinned")}";
        }
    }

    /// <summary>The executor thread's name, as the host names the executor of ES.</summary>
    private const string ExecutorThread = "executor:ES";
}
