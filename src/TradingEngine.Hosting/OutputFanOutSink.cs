using System.Diagnostics;
using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// An executor's output sink in the host: every output goes to each consumer's own output ring, so one consumer's
/// stall never holds back another; a full ring is handled by that consumer's <see cref="OutputOverflow"/> (drop and
/// count, or wait). A struct plugged into the executor's ring handler, so the calls are direct; nothing is allocated
/// per output.
/// </summary>
internal struct OutputFanOutSink : IOutputSink
{
    private readonly RingBuffer<OutputMessage>[] _rings;
    private readonly OutputOverflow[] _overflow;
    private readonly OutputDrops _drops;

    /// <param name="drops">Where this executor counts what it dropped, per consumer (read from any thread).</param>
    public OutputFanOutSink(RingBuffer<OutputMessage>[] rings, OutputOverflow[] overflow, OutputDrops drops)
    {
        if (rings.Length != overflow.Length || rings.Length != drops.Consumers)
            throw new ArgumentException($"one overflow policy and one drop counter per ring: {rings.Length} rings, {overflow.Length} policies, {drops.Consumers} counters");
        _rings = rings;
        _overflow = overflow;
        _drops = drops;
    }

    /// <inheritdoc/>
    public readonly void OnNodeOutput(in NodeOutput output)
    {
        for (var i = 0; i < _rings.Length; i++)
        {
            var ring = _rings[i];
            if (Claim(i, ring, out var sequence))
            {
                output.WriteNodeValue(ref ring[sequence]);
                ring.Publish(sequence);
            }
        }
    }

    /// <inheritdoc/>
    public readonly void OnMessage(in OutputMessage message)
    {
        for (var i = 0; i < _rings.Length; i++)
        {
            var ring = _rings[i];
            if (Claim(i, ring, out var sequence))
            {
                ring[sequence] = message;
                ring.Publish(sequence);
            }
        }
    }

    /// <inheritdoc/>
    public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        for (var i = 0; i < _rings.Length; i++)
        {
            var ring = _rings[i];
            if (Claim(i, ring, out var sequence))
            {
                OutputRingSink.WriteCandle(ref ring[sequence], in candle, sourceSequence);
                ring.Publish(sequence);
            }
        }
    }

    /// <inheritdoc/>
    public readonly void OnEndOfBatch()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool Claim(int consumer, RingBuffer<OutputMessage> ring, out long sequence)
    {
        if (ring.TryNext(out sequence))
            return true;
        return ClaimFull(consumer, ring, out sequence);
    }

    // A full ring: wait while the consumer moves (a burst it is draining loses nothing); under Drop, once it has not
    // moved for its StallTimeout it is stalled, and its outputs are dropped (counted) without waiting until it moves again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly bool ClaimFull(int consumer, RingBuffer<OutputMessage> ring, out long sequence)
    {
        if (_overflow[consumer] == OutputOverflow.Wait)
        {
            sequence = ring.Next();
            return true;
        }
        var gating = ring.Cursor.Value - ring.Occupancy; // the consumer's position (a racy read is enough here)
        if (_drops.IsStalled(consumer, gating))
            return Drop(consumer, out sequence);
        var since = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (!ring.TryNext(out sequence))
        {
            var now = ring.Cursor.Value - ring.Occupancy;
            if (now != gating)
            {
                gating = now;
                since = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(since) >= _drops.StallTimeout)
            {
                _drops.MarkStalled(consumer, gating);
                return Drop(consumer, out sequence);
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    private readonly bool Drop(int consumer, out long sequence)
    {
        _drops.Add(consumer);
        sequence = -1;
        return false;
    }
}
