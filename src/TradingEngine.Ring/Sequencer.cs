using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// What both sequencers share: the cursor, the gating sequences of the consumers at the end of each chain,
/// and the producer counters. The hot paths live in the sealed subclasses and are called without virtual
/// dispatch (the ring holds a typed reference to each).
/// </summary>
internal abstract class Sequencer
{
    protected readonly int BufferSize;
    protected readonly WaitStrategy Wait;
    protected readonly bool SignalOnPublish;
    private Sequence[] _gating = [];
    private readonly object _gatingLock = new();

    protected Sequencer(int bufferSize, WaitStrategy waitStrategy)
    {
        BufferSize = bufferSize;
        Wait = waitStrategy;
        SignalOnPublish = waitStrategy.IsBlocking;
    }

    /// <summary>The ring cursor: published (single producer) or claimed (multi producer) sequence.</summary>
    public Sequence Cursor { get; } = new();

    /// <summary>Gating sequences, read by producers on the slow path only (copy-on-write array).</summary>
    protected Sequence[] Gating => Volatile.Read(ref _gating);

    /// <summary>The highest sequence every producer has finished publishing up to (no gaps below it).</summary>
    public abstract long PublishedSequence { get; }

    public abstract long ProducerWaitCount { get; }

    public abstract long TryClaimFailureCount { get; }

    public abstract long Next(int n);

    public abstract bool TryNext(int n, out long sequence);

    public abstract void Publish(long lo, long hi);

    /// <summary>The smallest gating sequence, or the cursor when nothing gates (nothing consumes yet).</summary>
    public long MinimumGatingSequence => Sequence.GetMinimum(Gating, Cursor.Value);

    public void AddGatingSequences(Sequence[] sequences)
    {
        lock (_gatingLock)
        {
            // A new consumer starts where the producer is now, so it never gates on slots already released.
            var cursor = Cursor.Value;
            foreach (var s in sequences)
                s.SetValue(cursor);
            Volatile.Write(ref _gating, [.. _gating, .. sequences]);
        }
    }

    public bool RemoveGatingSequence(Sequence sequence)
    {
        lock (_gatingLock)
        {
            var index = Array.IndexOf(_gating, sequence);
            if (index < 0)
                return false;
            var copy = new Sequence[_gating.Length - 1];
            Array.Copy(_gating, 0, copy, 0, index);
            Array.Copy(_gating, index + 1, copy, index, _gating.Length - index - 1);
            Volatile.Write(ref _gating, copy);
            return true;
        }
    }

    /// <summary>Producer-side state on its own cache lines: written only by the claiming thread(s).</summary>
    [StructLayout(LayoutKind.Explicit, Size = Padding.CacheLine * 2 + 4 * sizeof(long))]
    protected struct ProducerState
    {
        /// <summary>Single producer: the highest claimed sequence.</summary>
        [FieldOffset(Padding.CacheLine)]
        public long NextValue;

        /// <summary>The last minimum gating sequence seen, so the producer reads consumer sequences only when it could wrap.</summary>
        [FieldOffset(Padding.CacheLine + 8)]
        public long CachedGating;

        /// <summary>How many claims found the ring full and had to wait for the slowest consumer.</summary>
        [FieldOffset(Padding.CacheLine + 16)]
        public long WaitCount;

        /// <summary>How many non-blocking claims failed because the ring was full.</summary>
        [FieldOffset(Padding.CacheLine + 24)]
        public long TryClaimFailures;
    }
}
