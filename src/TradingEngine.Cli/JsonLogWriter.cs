using System.Globalization;
using System.Text;
using System.Text.Json;
using TradingEngine.Types;

namespace TradingEngine.Cli;

/// <summary>
/// <c>--log-format json</c>: stands in for stderr and turns each line a command writes (<c>te run: summary: …</c>, the
/// counter lines, warnings) into one JSON object per line: <c>{"time":"2026-12-07T15:00:00.123Z","level":"info",
/// "source":"te run","message":"summary: …"}</c>. <c>level</c> is <c>warning</c> when the message starts with
/// <c>warning:</c>; <c>source</c> is the text before the first <c>": "</c> when it names a command (<c>te …</c>) or the
/// engine's counter line (<c>engine</c>). Every line passes through <see cref="SecretRedactor"/> first, so a URL or
/// connection string with a password is logged without it, as in text mode.
/// </summary>
internal sealed class JsonLogWriter(TextWriter inner, TimeProvider? time = null) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
                Emit();
            else if (value != '\r')
                _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
            return;
        lock (_line)
        {
            foreach (var c in value)
            {
                if (c == '\n')
                    Emit();
                else if (c != '\r')
                    _line.Append(c);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_line)
        {
            Write(value);
            Emit();
        }
    }

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length > 0)
                Emit();
            inner.Flush();
        }
    }

    /// <summary>The JSON object of one line (tests).</summary>
    public string Format(string line)
    {
        line = SecretRedactor.Redact(line);
        var source = "";
        var message = line;
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && (line.StartsWith("te ", StringComparison.Ordinal) || line[..colon] == "engine"))
        {
            source = line[..colon];
            message = line[(colon + 2)..];
        }
        var level = message.StartsWith("warning:", StringComparison.Ordinal) ? "warning" : "info";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            if (source.Length > 0)
                json.WriteString("source", source);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void Emit()
    {
        var line = _line.ToString();
        _line.Clear();
        if (line.Length > 0)
            inner.WriteLine(Format(line));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }
}
