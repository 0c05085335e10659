namespace TradingEngine.Journal.Import;

/// <summary>
/// Streams the lines of a text file as byte spans over one reusable buffer: no string per line, memory bounded
/// by the longest line. Handles LF and CRLF, a last line without a newline (Lean files have none) and a UTF-8
/// BOM (Skender files). Line numbers are 1-based, as editors show them.
/// </summary>
internal sealed class AsciiLineReader : IDisposable
{
    private const int InitialBuffer = 64 * 1024;
    /// <summary>No market-data row is anywhere near this; a longer one means the input is not a line-oriented file.</summary>
    private const int MaxLine = 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _source;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public AsciiLineReader(Stream stream, string source, bool leaveOpen)
    {
        _stream = stream;
        _source = source;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var nl = available.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Trim(available[..nl]);
                _start += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    return false;
                }
                line = Trim(available);
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Grow();
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        if (_first)
        {
            _first = false;
            _end += read;
            // a reader that gets fewer than 3 bytes in its first read sees the BOM bytes as data; files start with at least a header row
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                _start = 3;
            return;
        }
        _end += read;
    }

    private void Grow()
    {
        if (_buffer.Length >= MaxLine)
            ThrowHelper.ThrowInvalidData($"{_source}:{LineNumber + 1}: line longer than {MaxLine} bytes; expected a CSV row");
        Array.Resize(ref _buffer, _buffer.Length * 2);
    }

    public void Dispose()
    {
        if (!_leaveOpen)
            _stream.Dispose();
    }
}
