using System.Text;
using TradingEngine.Feeder;

namespace TradingEngine.Tests.Feeder;

/// <summary>The feeder's reused batch buffer: the exact UTF-8 of the text, every time, in arrays kept from batch to batch.</summary>
public sealed class BatchBufferTests
{
    [Fact]
    public void Holds_the_exact_utf8_of_each_batch_and_reuses_its_array_for_a_smaller_one()
    {
        var buffer = new BatchBuffer();
        var first = new StringBuilder("{\"symbol\":\"ÉS\u00e9\u20ac\",\"n\":1}");
        for (var i = 0; i < 2000; i++)
            first.Append(",{\"price\":4500.25}");
        buffer.Set(first);
        Assert.Equal(Encoding.UTF8.GetBytes(first.ToString()), buffer.Json.AsSpan(0, buffer.Length).ToArray());
        Assert.Equal(first.ToString(), buffer.Text());
        var array = buffer.Json;

        var second = new StringBuilder("[\"short\"]");
        buffer.Set(second);
        Assert.Same(array, buffer.Json);
        Assert.Equal("[\"short\"]"u8.ToArray(), buffer.Json.AsSpan(0, buffer.Length).ToArray());
        Assert.Equal("[\"short\"]", buffer.Text());
    }
}
