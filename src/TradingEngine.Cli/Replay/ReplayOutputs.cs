using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using TradingEngine.Engine.Dag;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Cli.Replay;

/// <summary>
/// Everything a replay produced: the running hash of the output stream, counts by kind, and optionally every
/// output written to a file (<c>--out run.jsonl</c> or <c>.csv</c>). The hash covers each output's binary
/// encoding in emission order (catalog messages and candles through <see cref="BinaryMessageCodec"/>, numeric node
/// outputs as node, port, event time and value bits), so two runs agree on the hash exactly when they agree on
/// every output, bit for bit.
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
            Write("event_time_ns,timestamp,type,symbol,node,json\n");
    }

    public long Candles { get; private set; }
    public long Messages { get; private set; }
    public long NumericOutputs { get; private set; }
    public long Signals { get; private set; }
    public long Positions { get; private set; }
    public long StructureEvents { get; private set; }

    /// <summary>The backtest report under construction: every output message goes through it, in emission order.</summary>
    public BacktestReportBuilder? Report { get; init; }

    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public string HashText => $"xxh64:{Hash:x16}";

    public void OnMessage(in OutputMessage message)
    {
        var n = BinaryMessageCodec.Encode(in message, _buffer);
        _hash.Append(_buffer.AsSpan(0, n));
        switch (message.Kind)
        {
            case MessageType.Candle: Candles++; break;
            case MessageType.TradeSignal: Signals++; Messages++; break;
            case MessageType.PositionUpdate: Positions++; Messages++; break;
            case >= MessageType.SwingPoint and <= MessageType.BreakOfStructure: StructureEvents++; Messages++; break;
            default: Messages++; break;
        }
        Report?.Add(in message);
        if (_out is not null)
            WriteMessage(in message);
    }

    public void OnNodeOutput(in NodeOutput output)
    {
        NumericOutputs++;
        var b = _buffer.AsSpan();
        b[0] = 0xFF; // not a MessageType: numeric board output
        BinaryPrimitives.WriteInt32LittleEndian(b[1..], output.Symbol.Value);
        BinaryPrimitives.WriteInt32LittleEndian(b[5..], output.Step);
        BinaryPrimitives.WriteInt32LittleEndian(b[9..], output.Port);
        BinaryPrimitives.WriteInt64LittleEndian(b[13..], output.EventTime);
        BinaryPrimitives.WriteInt64LittleEndian(b[21..], output.Raw);
        _hash.Append(b[..29]);
        if (_out is not null)
            WriteNodeOutput(in output);
    }

    private void WriteMessage(in OutputMessage message)
    {
        _jsonBuffer!.ResetWrittenCount();
        _json!.Encode(in message, _jsonBuffer);
        if (_csv)
        {
            var dag = _dagOf(message.Symbol);
            var node = dag is not null && message.NodeId >= 0 && message.NodeId < dag.Steps.Count ? dag.Steps[message.NodeId].Id : "";
            Write($"{message.EventTime},{UtcNanos.ToIso8601(message.EventTime)},{message.Kind},{_symbols.NameOf(message.Symbol)},{node},");
            WriteCsvQuoted(_jsonBuffer.WrittenSpan);
            Write("\n");
        }
        else
        {
            _out!.Write(_jsonBuffer.WrittenSpan);
            _out.WriteByte((byte)'\n');
        }
    }

    private void WriteNodeOutput(in NodeOutput output)
    {
        var step = _dagOf(output.Symbol)!.Steps[output.Step];
        var port = step.Kind.Info.Outputs[output.Port].Name;
        var value = output.Type == PortType.Number
            ? output.Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : output.Raw.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = $"{{\"schema_version\":1,\"type\":\"node_output\",\"symbol\":\"{_symbols.NameOf(output.Symbol)}\",\"timestamp\":\"{UtcNanos.ToIso8601(output.EventTime)}\",\"data\":{{\"node\":\"{step.Id}\",\"port\":\"{port}\",\"value\":{value}}}}}";
        if (_csv)
        {
            Write($"{output.EventTime},{UtcNanos.ToIso8601(output.EventTime)},node_output,{_symbols.NameOf(output.Symbol)},{step.Id},");
            WriteCsvQuoted(Encoding.UTF8.GetBytes(json));
            Write("\n");
        }
        else
        {
            Write(json);
            Write("\n");
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
