using System.Runtime.CompilerServices;
using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>A sequence's value sits alone on its cache line: a full padding before it and after it.</summary>
public sealed class SequenceLayoutTests
{
    private sealed class RawObject
    {
        public byte FirstField;
    }

    [Fact]
    public void Value_is_padded_on_both_sides()
    {
        var sequence = new Sequence(42);
        ref var first = ref Unsafe.As<RawObject>(sequence).FirstField;
        var offset = Unsafe.ByteOffset(ref first, ref Unsafe.As<long, byte>(ref sequence.ValueRef));
        Assert.Equal(Padding.CacheLine, (int)offset);
        Assert.Equal(42, sequence.Value);
    }

    [Fact]
    public void Object_extends_a_full_padding_past_the_value()
    {
        // Header (16 bytes on 64-bit) + padding + value + padding.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sequence = new Sequence();
        var size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(sequence);
        Assert.True(size >= 2 * IntPtr.Size + Padding.CacheLine + sizeof(long) + Padding.CacheLine, $"a Sequence takes {size} bytes");
    }

    [Fact]
    public void Padding_is_one_cache_line()
    {
        Assert.Equal(64, Padding.CacheLine);
    }
}
