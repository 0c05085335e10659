using System.Globalization;
using System.Text;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4) into one reusable UTF-8 buffer: a family header
/// (<c># HELP</c>, <c># TYPE</c>) then its samples, each <c>name{label="value",…} number</c>. Label values are escaped
/// (backslash, double quote, newline). Numbers are written straight into the buffer; once the buffer has grown to a
/// scrape's size, a scrape allocates only what its sources do. One writer per endpoint, one scrape at a time.
/// </summary>
public sealed class PrometheusTextWriter
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    /// <summary>The text written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>The text written, as a string (tests).</summary>
    public override string ToString() => Encoding.UTF8.GetString(_buffer, 0, _length);

    public void Reset() => _length = 0;

    /// <summary>Starts a family: <paramref name="type"/> is <c>counter</c>, <c>gauge</c>, <c>histogram</c> or <c>summary</c>.</summary>
    public void Family(string name, string type, string help)
    {
        Ascii("# HELP ");
        Ascii(name);
        Byte((byte)' ');
        Text(help, escapeQuotes: false);
        Ascii("\n# TYPE ");
        Ascii(name);
        Byte((byte)' ');
        Ascii(type);
        Byte((byte)'\n');
    }

    public void Sample(string name, double value)
    {
        Ascii(name);
        Value(value);
    }

    public void Sample(string name, string label, string labelValue, double value)
    {
        Ascii(name);
        Byte((byte)'{');
        Label(label, labelValue);
        Byte((byte)'}');
        Value(value);
    }

    public void Sample(string name, string label1, string value1, string label2, string value2, double value)
    {
        Ascii(name);
        Byte((byte)'{');
        Label(label1, value1);
        Byte((byte)',');
        Label(label2, value2);
        Byte((byte)'}');
        Value(value);
    }

    public void Sample(string name, string label1, string value1, string label2, string value2, string label3, string value3, double value)
    {
        Ascii(name);
        Byte((byte)'{');
        Label(label1, value1);
        Byte((byte)',');
        Label(label2, value2);
        Byte((byte)',');
        Label(label3, value3);
        Byte((byte)'}');
        Value(value);
    }

    /// <summary>
    /// One histogram's samples (the family header written before): a cumulative <c>_bucket</c> per upper bound in
    /// <paramref name="bounds"/> and <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>; <paramref name="counts"/> holds the
    /// count of each bucket alone (not cumulative), one more than <paramref name="bounds"/> (the last: above every bound).
    /// </summary>
    public void Histogram(string name, string label, string labelValue, ReadOnlySpan<double> bounds, ReadOnlySpan<long> counts, double sum)
    {
        long cumulative = 0;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += counts[i];
            Ascii(name);
            Ascii("_bucket{");
            Label(label, labelValue);
            Ascii(",le=\"");
            if (i < bounds.Length)
                Number(bounds[i]);
            else
                Ascii("+Inf");
            Ascii("\"}");
            Value(cumulative);
        }
        Ascii(name);
        Ascii("_sum{");
        Label(label, labelValue);
        Byte((byte)'}');
        Value(sum);
        Ascii(name);
        Ascii("_count{");
        Label(label, labelValue);
        Byte((byte)'}');
        Value(cumulative);
    }

    private void Label(string name, string value)
    {
        Ascii(name);
        Ascii("=\"");
        Text(value, escapeQuotes: true);
        Byte((byte)'"');
    }

    private void Value(double value)
    {
        Byte((byte)' ');
        Number(value);
        Byte((byte)'\n');
    }

    private void Number(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            Ascii("+Inf");
            return;
        }
        if (double.IsNegativeInfinity(value))
        {
            Ascii("-Inf");
            return;
        }
        if (double.IsNaN(value))
        {
            Ascii("NaN");
            return;
        }
        Ensure(32); // the longest double in "R" form is 24 characters
        var span = _buffer.AsSpan(_length);
        int written;
        _ = value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).TryFormat(span, out written, default, CultureInfo.InvariantCulture)
            : value.TryFormat(span, out written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }

    // HELP text escapes backslash and newline; label values also the double quote
    private void Text(string text, bool escapeQuotes)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length) * 2);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    Ascii("\\\\");
                    break;
                case '\n':
                    Ascii("\\n");
                    break;
                case '"' when escapeQuotes:
                    Ascii("\\\"");
                    break;
                default:
                    _length += rune.EncodeToUtf8(_buffer.AsSpan(_length));
                    break;
            }
        }
    }

    private void Ascii(string text)
    {
        Ensure(text.Length);
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Byte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
    }
}
