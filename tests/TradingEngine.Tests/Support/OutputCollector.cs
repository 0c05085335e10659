using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Support;

/// <summary>An output-ring handler that keeps every output message, in ring order (one consumer thread).</summary>
internal readonly struct OutputCollector(List<OutputMessage> into) : IEventHandler<OutputMessage>
{
    public void OnStart() { }
    public void OnBatchStart(long batchSize) { }
    public void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch) => into.Add(evt);
    public void OnTimeout(long sequence) { }
    public void OnShutdown() { }

    /// <summary>The messages' binary encoding, one after another: two lists compare bit for bit.</summary>
    public static byte[] Bytes(List<OutputMessage> messages)
    {
        var buffer = new byte[256];
        using var stream = new MemoryStream();
        foreach (var m in messages)
        {
            var n = BinaryMessageCodec.Encode(in m, buffer);
            stream.Write(buffer, 0, n);
        }
        return stream.ToArray();
    }
}
