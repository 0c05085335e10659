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

    /// <summary>Runs each producer on its own thread and waits for all of them.</summary>
    public static void PublishConcurrently(RingBuffer<TestEvent> ring, int producers, long countEach, int batch, ClaimMode mode, TimeSpan timeout)
    {
        var threads = new Thread[producers];
        for (var p = 0; p < producers; p++)
        {
            var producer = p;
            threads[p] = new Thread(() => Publish(ring, producer, countEach, batch, mode)) { IsBackground = true, Name = $"producer-{p}" };
            threads[p].Start();
        }
        foreach (var thread in threads)
            Assert.True(thread.Join(timeout), $"producer {thread.Name} did not finish within {timeout}");
    }

    private static void Fill(ref TestEvent evt, long sequence, int producer, long value)
    {
        evt.Sequence = sequence;
        evt.Producer = producer;
        evt.Value = value;
        evt.StageA = -1;
        evt.StageB = -1;
    }
}
