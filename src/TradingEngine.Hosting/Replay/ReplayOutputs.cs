using System.Buffers;
using System.IO.Hashing;
using System.Text;
using TradingEngine.Engine.Dag;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Strategies.Reporting.Tearsheet;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>
/// Everything a replay produced: the running hash of the output stream, counts by kind, and optionally every
/// output written to a file (<c>--out run.jsonl</c> or <c>.csv</c>) in the external JSON contract, exactly as the live
/// engine publishes it: catalog messages and candles as themselves, numeric node outputs as <c>node_value</c>
/// (<see cref="NodeOutput.WriteNodeValue"/>, the live output ring's conversion).
/// <para>
/// The hash covers each output's content in emission order: its binary encoding (<see cref="BinaryMessageCodec"/>,
/// output-ring envelope) with the symbol named by its text (each symbol's name is hashed where it first appears, then
/// its ordinal of first appearance stands in for the engine's id) and without the source sequence. A symbol id and a
/// source sequence are positions in the engine's registry and in the input, not output: the same ticks replayed from
/// a vendor file (<c>--csv</c>) or from a journal holding other symbols too (<c>--journal</c>) give other ids and
/// sequences and the same outputs, so they give the same hash. Two runs agree on the hash exactly when they agree on
/// every output bit for bit.
/// </para>
/// </summary>
public sealed class ReplayOutputs : IDisposable
{
    private readonly XxHash64 _hash = new();
    private readonly byte[] _buffer = new byte[512];
    private readonly JsonMessageEncoder? _json;
    private readonly ArrayBufferWriter<byte>? _jsonBuffer;
    private readonly Stream? _out;
    private readonly bool _csv;
    private readonly Func<SymbolId, CompiledDag?> _dagOf;
    private readonly SymbolRegistry _symbols;
    // engine symbol id → 1 + ordinal of first appearance in the output stream (0: not seen yet)
    private int[] _symbolOrdinal = [];
    private int _symbolsSeen;

    public ReplayOutputs(CompiledDag dag, SymbolRegistry symbols, string? outPath)
        : this(_ => dag, symbols, outPath)
    {
    }

    /// <summary>Outputs of a run whose symbols may run different pipelines: <paramref name="dagOf"/> gives each symbol's graph (node names).</summary>
    public ReplayOutputs(Func<SymbolId, CompiledDag?> dagOf, SymbolRegistry symbols, string? outPath)
    {
        _dagOf = dagOf;
        _symbols = symbols;
        if (outPath is null)
            return;
        _csv = outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (!_csv && !outPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out {outPath}: write .jsonl (one JSON message a line) or .csv");
        _out = new BufferedStream(File.Create(outPath), 1 << 16);
        _json = new JsonMessageEncoder(symbols, "te-replay");
        _jsonBuffer = new ArrayBufferWriter<byte>(1024);
        if (_csv)
            Write("event_time_ns,timestamp,type,symbol,node,port,json\n");
    }

    public long Candles { get; private set; }

    /// <summary>Candles closed by the end of the input (<see cref="CandleFlags.EndOfData"/>), included in <see cref="Candles"/>.</summary>
    public long EndOfDataCandles { get; private set; }
    public long Messages { get; private set; }
    public long NumericOutputs { get; private set; }
    public long Signals { get; private set; }
    public long Positions { get; private set; }
    public long StructureEvents { get; private set; }

    /// <summary>The backtest report under construction: every output message goes through it, in emission order.</summary>
    public BacktestReportBuilder? Report { get; init; }

    /// <summary>The closed candles the tearsheet (report.html) draws the trades on; null without <c>--report</c>.</summary>
    public TradeCandles? TradeCandles { get; init; }

    /// <summary><c>--publish</c>: every output as a binary frame under the replay's subject prefix; null: not published.</summary>
    public Nats.ReplayOutputPublisher? Publisher { get; init; }

    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public string HashText => $"xxh64:{Hash:x16}";

    public void OnMessage(in OutputMessage message)
    {
        HashOutput(in message);
        switch (message.Kind)
        {
            case MessageType.Candle:
                Candles++;
                if (message.Candle.IsEndOfData)
                    EndOfDataCandles++;
                break;
            case MessageType.TradeSignal: Signals++; Messages++; break;
            case MessageType.PositionUpdate: Positions++; Messages++; break;
            case >= MessageType.SwingPoint and <= MessageType.BreakOfStructure: StructureEvents++; Messages++; break;
            default: Messages++; break;
        }
        Report?.Add(in message);
        TradeCandles?.Add(in message);
        Publisher?.Publish(in message);
        if (_out is not null)
            WriteMessage(in message, port: -1);
    }

    /// <summary>A numeric node output: the <c>node_value</c> message the live engine publishes for it.</summary>
    public void OnNodeOutput(in NodeOutput output)
    {
        NumericOutputs++;
        var m = new OutputMessage();
        output.WriteNodeValue(ref m);
        HashOutput(in m);
        Publisher?.Publish(in m);
        if (_out is not null)
            WriteMessage(in m, output.Port);
    }

    private void HashOutput(in OutputMessage message)
    {
        var m = message;
        m.SourceSequence = 0;
        m.Symbol = new SymbolId(StableSymbol(message.Symbol));
        var n = BinaryMessageCodec.Encode(in m, _buffer);
        _hash.Append(_buffer.AsSpan(0, n));
    }

    private int StableSymbol(SymbolId symbol)
    {
        var id = symbol.Value;
        if ((uint)id < (uint)_symbolOrdinal.Length && _symbolOrdinal[id] != 0)
            return _symbolOrdinal[id] - 1;
        return FirstAppearance(symbol);
    }

    private int FirstAppearance(SymbolId symbol)
    {
        if (symbol.Value >= _symbolOrdinal.Length)
            Array.Resize(ref _symbolOrdinal, Math.Max(symbol.Value + 1, _symbolOrdinal.Length * 2));
        _hash.Append(Encoding.UTF8.GetBytes("symbol " + _symbols.NameOf(symbol) + "\n"));
        _symbolOrdinal[symbol.Value] = ++_symbolsSeen;
        return _symbolsSeen - 1;
    }

    private void WriteMessage(in OutputMessage message, int port)
    {
        _jsonBuffer!.ResetWrittenCount();
        _json!.Encode(in message, _jsonBuffer);
        if (_csv)
        {
            var dag = _dagOf(message.Symbol);
            var step = dag is not null && message.NodeId >= 0 && message.NodeId < dag.Steps.Count ? dag.Steps[message.NodeId] : null;
            var portName = step is not null && port >= 0 ? step.Kind.Info.Outputs[port].Name : "";
            Write($"{message.EventTime},{UtcNanos.ToIso8601(message.EventTime)},{SchemaCatalog.WireName(message.Kind)},{_symbols.NameOf(message.Symbol)},{step?.Id},{portName},");
            WriteCsvQuoted(_jsonBuffer.WrittenSpan);
            Write("\n");
        }
        else
        {
            _out!.Write(_jsonBuffer.WrittenSpan);
            _out.WriteByte((byte)'\n');
        }
    }

    private void WriteCsvQuoted(ReadOnlySpan<byte> utf8)
    {
        _out!.WriteByte((byte)'"');
        foreach (var c in utf8)
        {
            if (c == (byte)'"')
                _out.WriteByte((byte)'"');
            _out.WriteByte(c);
        }
        _out.WriteByte((byte)'"');
    }

    private void Write(string text) => _out!.Write(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _out?.Dispose();
}
