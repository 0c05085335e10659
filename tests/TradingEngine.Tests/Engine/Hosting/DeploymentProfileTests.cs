using TradingEngine.Engine.Hosting;
using TradingEngine.Ring;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Engine.Hosting;

public class DeploymentProfileTests
{
    private static string ProfilePath(string name) => Path.Combine(TestData.RepositoryRoot(), "native-profiles", name);

    [Theory]
    [InlineData("bare-metal-8core.yaml")]
    [InlineData("dev-2core.yaml")]
    public void Committed_profiles_load(string file)
    {
        var profile = DeploymentProfile.Load(ProfilePath(file));
        Assert.NotEmpty(profile.Threads);
        Assert.NotNull(profile.For("executor:ES"));
        Assert.NotNull(profile.For("journaler"));
        Assert.Equal(0, profile.InputRingSize & (profile.InputRingSize - 1));
    }

    [Fact]
    public void First_matching_assignment_wins_in_file_order()
    {
        var profile = Parse("""
            name: t
            threads:
              - name: executor:ES
                wait: busy-spin
              - name: executor:*
                wait: sleeping
            """);
        Assert.Equal(WaitStrategyKind.BusySpin, profile.For("executor:ES")!.Wait);
        Assert.Equal(WaitStrategyKind.Sleeping, profile.For("executor:NQ")!.Wait);
        Assert.Null(profile.For("journaler"));
        Assert.IsType<BlockingWaitStrategy>(profile.WaitStrategyFor("journaler"));
    }

    [Fact]
    public void A_yielding_thread_pinned_to_a_shared_core_yields_without_spinning_first()
    {
        // dev-2core: the executor and the publisher share core 1; the journaler and the sink share core 0
        var dev = DeploymentProfile.Load(ProfilePath("dev-2core.yaml"));
        Assert.Equal(0, Assert.IsType<YieldingWaitStrategy>(dev.WaitStrategyFor("publisher")).SpinTries);
        // the executor beside it keeps the core while the publisher is idle (CooperativeWaitStrategy)
        Assert.Equal(CooperativeWaitStrategy.DefaultSpinsPerYield, Assert.IsType<CooperativeWaitStrategy>(dev.WaitStrategyFor("executor:ES")).SpinsPerYield);
        // bare-metal-8core: each yielding thread has a core of its own
        var metal = DeploymentProfile.Load(ProfilePath("bare-metal-8core.yaml"));
        Assert.Equal(YieldingWaitStrategy.DefaultSpinTries, Assert.IsType<YieldingWaitStrategy>(metal.WaitStrategyFor("journaler")).SpinTries);
        // unpinned threads share nothing the profile knows of
        var unpinned = Parse("name: t\nthreads:\n  - name: a\n    wait: yielding\n  - name: b\n    wait: yielding\n");
        Assert.Equal(YieldingWaitStrategy.DefaultSpinTries, Assert.IsType<YieldingWaitStrategy>(unpinned.WaitStrategyFor("a")).SpinTries);
    }

    [Theory]
    [InlineData("name: t\nrings:\n  input: 1000\n", "t.yaml:3: rings.input is 1000; a ring size must be a power of two")]
    [InlineData("name: t\nthreads:\n  - name: sink\n    wait: spinny\n", "t.yaml:4: wait strategy 'spinny' is not one of")]
    [InlineData("name: t\ncolour: red\n", "t.yaml:2: unknown key 'colour'")]
    [InlineData("threads: []\n", "t.yaml:1: the profile has no 'name'")]
    [InlineData("name: t\nthreads:\n  - cpu: 0\n", "t.yaml:3: a thread needs a 'name'")]
    public void Errors_name_file_line_and_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Parse(yaml));
        Assert.StartsWith(expected, ex.Message);
    }

    [Fact]
    public void A_ring_consumer_started_with_the_profile_is_pinned_to_its_cpu()
    {
        if (!ThreadAffinity.IsSupported)
            Assert.Skip("thread affinity is Linux only");
        var cpu = Environment.ProcessorCount - 1;
        var profile = Parse($"name: t\nthreads:\n  - name: te-pin-test\n    cpu: {cpu}\n    wait: blocking\n");
        var ring = RingBuffer<long>.CreateSingleProducer(64, profile.WaitStrategyFor("te-pin-test"));
        var processor = new BatchEventProcessor<long, NoopHandler>(ring, ring.NewBarrier(), default, profile.ProcessorOptionsFor("te-pin-test"));
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();
        try
        {
            // publish one event and wait until the consumer has seen it: by then it runs, pinned
            var seq = ring.Next();
            ring.Publish(seq);
            Assert.True(SpinWait.SpinUntil(() => processor.Sequence.Value >= seq, TimeSpan.FromSeconds(10)));
            var allowed = CpusAllowedOfThread("te-pin-test");
            Assert.Equal(cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), allowed);
        }
        finally
        {
            processor.Halt();
            Assert.True(processor.Join(TimeSpan.FromSeconds(10)));
        }
    }

    /// <summary>Reads <c>Cpus_allowed_list</c> of the thread named <paramref name="name"/> from /proc/self/task/*/status.</summary>
    internal static string? CpusAllowedOfThread(string name)
    {
        var comm = name.Length > 15 ? name[..15] : name; // the kernel keeps 15 characters of a thread name
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(task, "status"));
            }
            catch (IOException)
            {
                continue; // the thread ended while we listed them
            }
            if (lines.FirstOrDefault(l => l.StartsWith("Name:", StringComparison.Ordinal)) is { } n && n[5..].Trim() == comm)
                return lines.FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..].Trim();
        }
        return null;
    }

    private static DeploymentProfile Parse(string yaml) => DeploymentProfile.Parse(new StringReader(yaml), "t.yaml");

    private struct NoopHandler : IEventHandler<long>
    {
        public readonly void OnStart() { }
        public readonly void OnBatchStart(long batchSize) { }
        public readonly void OnEvent(ref long evt, long sequence, bool endOfBatch) { }
        public readonly void OnTimeout(long sequence) { }
        public readonly void OnShutdown() { }
    }
}
