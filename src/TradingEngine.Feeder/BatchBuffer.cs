using System;
using System.IO;
using System.Text;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// A sealed batch body as UTF-8 (and, with gzip, its compressed form), in arrays the feeder reuses batch after batch:
    /// a batch of 5,000 trades is about 1 MB of JSON, and a string, its UTF-8 copy and a growing gzip stream per batch were
    /// three large-object-heap allocations per request (docs/gateway.md, "Performance"). Owned by the feeder's thread; one
    /// per batch in flight, back to the free list once its request is answered.
    /// </summary>
    internal sealed class BatchBuffer
    {
        private char[] _chars = new char[0];

        public byte[] Json { get; private set; } = new byte[0];

        public int Length { get; private set; }

        /// <summary>The gzip form of <see cref="Json"/> (written by <see cref="GatewayClient.Content(BatchBuffer)"/>).</summary>
        public MemoryStream Gzip { get; } = new MemoryStream();

        /// <summary>Takes the text of <paramref name="text"/> as UTF-8, without an intermediate string.</summary>
        public void Set(StringBuilder text)
        {
            var n = text.Length;
            if (_chars.Length < n)
                _chars = new char[Math.Max(n, _chars.Length * 2)];
            text.CopyTo(0, _chars, 0, n);
            var bytes = Encoding.UTF8.GetByteCount(_chars, 0, n);
            if (Json.Length < bytes)
                Json = new byte[Math.Max(bytes, Json.Length * 2)];
            Length = Encoding.UTF8.GetBytes(_chars, 0, n, Json, 0);
        }

        /// <summary>The body as text (for the spill file: a cold path).</summary>
        public string Text() => Encoding.UTF8.GetString(Json, 0, Length);
    }
}
