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
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sequence = new Sequence(42);
        var size = GC.GetAllocatedBytesForCurrentThread() - before;
        ref var first = ref Unsafe.As<RawObject>(sequence).FirstField;
        var offset = (long)Unsafe.ByteOffset(ref first, ref Unsafe.As<long, byte>(ref sequence.ValueRef));
        // at least one 64-byte x86 cache line (the hardware's, not our constant) before the value ...
        Assert.True(offset >= 64, $"the value is {offset} bytes into the object's fields");
        // ... and after it: the object (header and method table, 2 pointers, then the fields) ends >= 64 bytes past the
        // value's last byte, so the next object on the heap starts on another line
        var after = size - 2 * IntPtr.Size - offset - sizeof(long);
        Assert.True(after >= 64, $"the object ends {after} bytes after the value ({size} bytes, value at field offset {offset})");
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
        Assert.True(size >= 2 * IntPtr.Size + 64 + sizeof(long) + 64, $"a Sequence takes {size} bytes");
    }

    [Fact]
    public void Two_sequences_allocated_together_never_share_a_cache_line()
    {
        // what the padding is for: the producer's cursor and a consumer's sequence, made one after the other, have
        // their values on different 64-byte lines (no false sharing)
        for (var i = 0; i < 100; i++)
        {
            var a = new Sequence(1);
            var b = new Sequence(2);
            var apart = (long)Unsafe.ByteOffset(ref a.ValueRef, ref b.ValueRef);
            Assert.True(Math.Abs(apart) >= 64, $"values {apart} bytes apart");
        }
    }
}
