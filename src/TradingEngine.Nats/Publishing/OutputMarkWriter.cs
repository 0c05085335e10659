using System.Globalization;
using System.Text;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Keeps the durable "published through" mark of a live engine's outputs: every <see cref="Interval"/>, off the publisher's
/// thread, it reads <see cref="OutputPublisher.HandedThrough"/>, waits until the NATS servers have everything published
/// before (a PING round trip), and writes the file (temp file, fsync, rename: never torn). A line <c>SYMBOL W</c> says: every
/// output of the events up to source (JetStream stream) sequence <c>W</c> of the executor owning SYMBOL reached the server.
/// A recovery re-publishes the outputs after it (docs/recovery.md). The file only ever lags the truth, and a stale mark
/// costs re-published duplicates (same ids), never a lost output.
/// </summary>
public sealed class OutputMarkWriter : IAsyncDisposable
{
    private readonly OutputPublisher _publisher;
    private readonly SymbolRegistry _symbols;
    private readonly Dictionary<string, long> _marks;
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyDictionary<string, long> _written = new Dictionary<string, long>();
    private Task? _loop;

    /// <param name="publisher">whose hand-overs are marked.</param>
    /// <param name="symbols">names of the publisher's symbol ids.</param>
    /// <param name="path">the mark file; what it already holds is kept for symbols this run does not publish.</param>
    public OutputMarkWriter(OutputPublisher publisher, SymbolRegistry symbols, string path)
    {
        _publisher = publisher;
        _symbols = symbols;
        Path = path;
        _marks = new Dictionary<string, long>(Read(path), StringComparer.Ordinal);
        _written = new Dictionary<string, long>(_marks, StringComparer.Ordinal);
    }

    /// <summary>
    /// The mark on disk for an executor owning <paramref name="symbols"/>: the highest of theirs (its outputs come in its
    /// event order), 0 when none has one. Any thread.
    /// </summary>
    public long PublishedThrough(IEnumerable<string> symbols)
    {
        var written = Volatile.Read(ref _written);
        long through = 0;
        foreach (var symbol in symbols)
            through = Math.Max(through, written.GetValueOrDefault(symbol));
        return through;
    }

    public string Path { get; }

    /// <summary>How often the mark is brought up to date (default 100 ms).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Marks written.</summary>
    public long Written => Volatile.Read(ref _writes);

    private long _writes;

    /// <summary>The last write failure, for the operator's log (the previous mark stays, which only costs duplicates).</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// True once outputs were dropped before the publisher had them (<see cref="DroppedOutputs"/> above zero): the mark
    /// is held where it was, since outputs after it never went out, and a recovery publishes everything after it again.
    /// </summary>
    public bool Held { get; private set; }

    /// <summary>
    /// Outputs the executors dropped for this publisher so far (its ring full, stalled: <c>OutputOverflow.Drop</c>); null:
    /// none are ever dropped. Once above zero the mark is not raised any more (<see cref="Held"/>): a mark past a dropped
    /// output would tell a recovery it went out.
    /// </summary>
    public Func<long>? DroppedOutputs { get; init; }

    /// <summary>
    /// The marks of a file (symbol → source sequence); empty when there is none yet (nothing known published).
    /// </summary>
    /// <exception cref="InvalidDataException">a line is not <c>SYMBOL SEQUENCE</c>.</exception>
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        var marks = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return marks;
        var n = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            n++;
            if (line.Length == 0)
                continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var w))
                throw new InvalidDataException($"output mark {path}, line {n}: '{line}', expected 'SYMBOL SOURCE_SEQUENCE'");
            marks[parts[0]] = w;
        }
        return marks;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
                await UpdateAsync(null, 0, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Takes what the publisher has handed over, confirms it with the servers and writes it when it moved. With
    /// <paramref name="allOf"/>, those symbols are marked through at least <paramref name="allThrough"/> (a clean stop:
    /// every journaled event has run and its outputs went out).
    /// </summary>
    private async Task UpdateAsync(IReadOnlyList<string>? allOf, long allThrough, CancellationToken cancellationToken)
    {
        var handed = (long[])_publisher.HandedThrough.Clone();
        // read after the hand-overs: an output dropped before one of them was counted before it was handed over
        Interlocked.MemoryBarrier();
        if (Held || DroppedOutputs?.Invoke() > 0)
        {
            Held = true;
            return;
        }
        for (var s = 1; s < handed.Length && s <= _symbols.Count; s++)
            Raise(_symbols.NameOf(new SymbolId(s)), handed[s]);
        foreach (var symbol in allOf ?? [])
            Raise(symbol, allThrough);
        if (!_dirty)
            return;
        if (!await _publisher.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            // not confirmed: keep the raised values for the next try, but do not write them yet
            LastError = "the NATS server did not answer a ping: the mark waits";
            return;
        }
        Write();
    }

    private void Raise(string symbol, long through)
    {
        if (through <= 0 || (_marks.TryGetValue(symbol, out var w) && w >= through))
            return;
        _marks[symbol] = through;
        _dirty = true;
    }

    private bool _dirty;

    private void Write()
    {
        if (!_dirty)
            return;
        var text = new StringBuilder();
        foreach (var (symbol, w) in _marks.OrderBy(m => m.Key, StringComparer.Ordinal))
            text.Append(symbol).Append(' ').Append(w.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var temp = Path + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                file.Write(Encoding.ASCII.GetBytes(text.ToString()));
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
            _dirty = false;
            Volatile.Write(ref _written, new Dictionary<string, long>(_marks, StringComparer.Ordinal));
            Interlocked.Increment(ref _writes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = $"output mark {Path}: {ex.Message}";
        }
    }

    /// <summary>
    /// Stops the loop and writes the last mark. After a clean drain (every journaled event ran and the output ring is
    /// empty) pass the engine's symbols and the journal's last source sequence: they are all published through it.
    /// </summary>
    public async Task StopAsync(IReadOnlyList<string>? allOf = null, long allThrough = 0)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        _loop = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await UpdateAsync(allOf, allThrough, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LastError = "the NATS server did not answer the last ping: the mark was left as it was";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
            await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
