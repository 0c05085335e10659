using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>Publishing helpers shared by the property, stress and unit tests.</summary>
public static class RingTestDriver
{
    public enum ClaimMode
    {
        Single,
        Batch,
        Try,
    }

    /// <summary>Publishes <paramref name="count"/> events of <paramref name="producer"/> (values 0..count-1).</summary>
    public static void Publish(RingBuffer<TestEvent> ring, int producer, long count, int batch, ClaimMode mode)
    {
        long value = 0;
        while (value < count)
        {
            switch (mode)
            {
                case ClaimMode.Single:
                    using (var scope = ring.Claim())
                        Fill(ref scope.Event, scope.Sequence, producer, value++);
                    break;
                case ClaimMode.Batch:
                {
                    var n = (int)Math.Min(batch, count - value);
                    using var scope = ring.ClaimBatch(n);
                    for (var i = 0; i < n; i++)
                        Fill(ref scope[i], scope.FirstSequence + i, producer, value++);
                    break;
                }
                default:
                {
                    PublishScope<TestEvent> scope;
                    var spinner = new SpinWait();
                    while (!ring.TryClaim(out scope))
                        spinner.SpinOnce();
                    using (scope)
                        Fill(ref scope.Event, scope.Sequence, producer, value++);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Runs each producer on its own thread and waits for all of them. The wait is bounded by progress, not by the
    /// clock: it fails once the ring and its consumers have not moved for <paramref name="stall"/> (a lost wake-up or a
    /// deadlock), so a machine too loaded to finish in any fixed time still passes while a stuck ring still fails.
    /// </summary>
    public static void PublishConcurrently(RingBuffer<TestEvent> ring, RingPipeline<TestEvent> pipeline, int producers, long countEach, int batch, ClaimMode mode, TimeSpan stall)
    {
        var threads = new Thread[producers];
        for (var p = 0; p < producers; p++)
        {
            var producer = p;
            threads[p] = new Thread(() => Publish(ring, producer, countEach, batch, mode)) { IsBackground = true, Name = $"producer-{p}" };
            threads[p].Start();
        }
        WaitWhileMoving(() => threads.All(t => !t.IsAlive), () => Progress(ring, pipeline), stall,
            () => $"producers {string.Join(", ", threads.Where(t => t.IsAlive).Select(t => t.Name))} still publishing");
    }

    /// <summary>Drains and stops <paramref name="pipeline"/>, failing only when it has not moved for <paramref name="stall"/>.</summary>
    public static void ShutdownWhileMoving(RingPipeline<TestEvent> pipeline, TimeSpan stall)
    {
        WaitWhileMoving(() => pipeline.WaitUntilDrained(TimeSpan.FromMilliseconds(50)), () => Progress(pipeline.Ring, pipeline), stall,
            () => $"consumers at {string.Join(", ", pipeline.Processors.Select(p => $"{p.Name} {p.Sequence.Value}"))}, published {pipeline.Ring.PublishedSequence}");
        Assert.True(pipeline.Shutdown(stall), "consumers drained but did not stop");
    }

    /// <summary>
    /// Polls <paramref name="done"/> until it holds; fails when <paramref name="progress"/> has not changed for
    /// <paramref name="stall"/>, naming what was still outstanding.
    /// </summary>
    public static void WaitWhileMoving(Func<bool> done, Func<long> progress, TimeSpan stall, Func<string> outstanding)
    {
        var last = progress();
        var since = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Thread.Sleep(10);
            var now = progress();
            if (now != last)
            {
                last = now;
                since.Restart();
            }
            else if (since.Elapsed > stall)
            {
                Assert.Fail($"no progress for {stall.TotalSeconds:F0} s (ring and consumers stuck at {now}): {outstanding()}");
            }
        }
    }

    // every claim, publish and consumer release moves one of these
    private static long Progress(RingBuffer<TestEvent> ring, RingPipeline<TestEvent> pipeline) =>
        ring.Cursor.Value + ring.PublishedSequence + pipeline.Processors.Sum(p => p.Sequence.Value);

    private static void Fill(ref TestEvent evt, long sequence, int producer, long value)
    {
        evt.Sequence = sequence;
        evt.Producer = producer;
        evt.Value = value;
        evt.StageA = -1;
        evt.StageB = -1;
    }
}
