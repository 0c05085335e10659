using System;
using System.Globalization;
using System.Text;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// Writes the external JSON contract (src/TradingEngine.Types/schemas: tick, quote, candle; schema_version 1) and the
    /// gateway's batch envelope (docs/gateway.openapi.json). Prices and sizes are written exactly (decimal, invariant
    /// culture), timestamps as ISO 8601 UTC with nine fractional digits.
    /// </summary>
    public static class FeedJson
    {
        private static readonly DateTime s_epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Appends one message of the contract.</summary>
        public static void WriteMessage(StringBuilder b, ref FeedEvent e)
        {
            switch (e.Kind)
            {
                case FeedEventKind.Trade:
                    Head(b, "tick", e.Symbol, e.TimeNs, null);
                    b.Append("\"price\":"); Number(b, e.Price);
                    b.Append(",\"size\":"); Number(b, e.Size);
                    if (e.Bid > 0)
                    {
                        b.Append(",\"bid\":"); Number(b, e.Bid);
                    }
                    if (e.Ask > 0)
                    {
                        b.Append(",\"ask\":"); Number(b, e.Ask);
                    }
                    if (e.Aggressor != FeedAggressor.None)
                        b.Append(e.Aggressor == FeedAggressor.Buy ? ",\"aggressor\":\"buy\"" : ",\"aggressor\":\"sell\"");
                    break;
                case FeedEventKind.Quote:
                    Head(b, "quote", e.Symbol, e.TimeNs, null);
                    b.Append("\"bid\":"); Number(b, e.Bid);
                    b.Append(",\"bid_size\":"); Number(b, e.BidSize);
                    b.Append(",\"ask\":"); Number(b, e.Ask);
                    b.Append(",\"ask_size\":"); Number(b, e.AskSize);
                    break;
                case FeedEventKind.Bar:
                    Head(b, "candle", e.Symbol, e.TimeNs, e.Timeframe);
                    b.Append("\"open\":"); Number(b, e.Open);
                    b.Append(",\"high\":"); Number(b, e.High);
                    b.Append(",\"low\":"); Number(b, e.Low);
                    b.Append(",\"close\":"); Number(b, e.Close);
                    b.Append(",\"volume\":"); Number(b, e.Size);
                    b.Append(",\"close_time\":\""); Timestamp(b, e.CloseTimeNs);
                    b.Append("\",\"tick_count\":").Append(e.TickCount.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "a feed event is a Trade, a Quote or a Bar");
            }
            b.Append("}}");
        }

        /// <summary>The body of <c>POST /v1/md/batches</c>: the envelope around messages already written (comma-separated).</summary>
        public static string Batch(string feeder, string session, long sequence, string messages)
        {
            var b = new StringBuilder(messages.Length + 96);
            BatchHead(b, feeder, session, sequence);
            return b.Append(messages).Append(BatchTail).ToString();
        }

        /// <summary>Appends the envelope up to the first message; the messages follow, comma-separated, then <see cref="BatchTail"/>.</summary>
        public static void BatchHead(StringBuilder b, string feeder, string session, long sequence)
        {
            b.Append("{\"feeder\":"); String(b, feeder);
            b.Append(",\"session\":"); String(b, session);
            b.Append(",\"sequence\":").Append(sequence.ToString(CultureInfo.InvariantCulture));
            b.Append(",\"messages\":[");
        }

        /// <summary>What closes a batch body after its last message.</summary>
        public const string BatchTail = "]}";

        private static void Head(StringBuilder b, string type, string symbol, long timeNs, string timeframe)
        {
            b.Append("{\"schema_version\":1,\"type\":\"").Append(type).Append("\",\"symbol\":");
            String(b, symbol);
            b.Append(",\"timestamp\":\"");
            Timestamp(b, timeNs);
            b.Append("\",\"timeframe\":");
            if (timeframe == null)
                b.Append("null");
            else
                String(b, timeframe);
            b.Append(",\"data\":{");
        }

        /// <summary>2023-12-25T23:00:00.123456789Z.</summary>
        public static void Timestamp(StringBuilder b, long ns)
        {
            if (ns < 0)
                throw new ArgumentOutOfRangeException(nameof(ns), ns, "a timestamp must be at or after 1970-01-01T00:00:00Z");
            var seconds = ns / 1000000000L;
            var fraction = ns % 1000000000L;
            var t = s_epoch.AddTicks(seconds * TimeSpan.TicksPerSecond);
            // digit by digit: DateTime.ToString with a custom format and long.ToString("D9") were most of a trade's encoding time
            Digits(b, t.Year, 4).Append('-');
            Digits(b, t.Month, 2).Append('-');
            Digits(b, t.Day, 2).Append('T');
            Digits(b, t.Hour, 2).Append(':');
            Digits(b, t.Minute, 2).Append(':');
            Digits(b, t.Second, 2).Append('.');
            Digits(b, fraction, 9).Append('Z');
        }

        private static StringBuilder Digits(StringBuilder b, long value, int width)
        {
            // right to left, one division by the constant 10 per digit (the JIT makes it a multiplication); a division by a
            // running divisor per digit was a third of a trade's encoding time
            var at = b.Length;
            b.Append('0', width);
            for (var i = at + width - 1; i >= at && value > 0; i--)
            {
                b[i] = (char)('0' + value % 10);
                value /= 10;
            }
            return b;
        }

        /// <summary>
        /// The exact value with no trailing zeros (4500.250 → 4500.25, 4500.0 → 4500, -0.00 → 0), as <see cref="TickRounding.Normalize"/>
        /// gives it. Without a string per number (decimal.ToString was two allocations per trade): the value is scaled by 10 until
        /// it is whole, which is exact in decimal; a value that needs more than 18 fractional digits or more than 18 digits in all
        /// takes the string way.
        /// </summary>
        private static void Number(StringBuilder b, decimal value)
        {
            var negative = value < 0m;
            var scaled = negative ? -value : value;
            var scale = 0;
            while (scale <= 18 && scaled < 1000000000000000000m && decimal.Truncate(scaled) != scaled)
            {
                scaled *= 10m;
                scale++;
            }
            if (scale > 18 || scaled >= 1000000000000000000m)
            {
                NumberText(b, value);
                return;
            }
            var digits = (long)scaled;
            if (digits == 0)
            {
                b.Append('0');
                return;
            }
            if (negative)
                b.Append('-');
            var width = 1;
            for (var rest = digits / 10; rest > 0; rest /= 10)
                width++;
            if (width <= scale)
            {
                // 0.000123: a zero, the point, the leading zeros of the fraction
                b.Append("0.").Append('0', scale - width);
                Digits(b, digits, width);
                return;
            }
            if (scale == 0)
            {
                Digits(b, digits, width);
                return;
            }
            var pow = 1L;
            for (var i = 0; i < scale; i++)
                pow *= 10;
            Digits(b, digits / pow, width - scale).Append('.');
            Digits(b, digits % pow, scale);
        }

        private static void NumberText(StringBuilder b, decimal value)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            var end = text.Length;
            if (text.IndexOf('.') >= 0)
            {
                while (text[end - 1] == '0')
                    end--;
                if (text[end - 1] == '.')
                    end--;
            }
            if (end == 2 && text[0] == '-' && text[1] == '0')
                b.Append('0'); // -0.00 is 0
            else
                b.Append(text, 0, end);
        }

        private static void String(StringBuilder b, string s)
        {
            b.Append('"');
            foreach (var c in s)
            {
                if (c == '"' || c == '\\')
                    b.Append('\\').Append(c);
                else if (c < ' ')
                    b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else
                    b.Append(c);
            }
            b.Append('"');
        }
    }
}
