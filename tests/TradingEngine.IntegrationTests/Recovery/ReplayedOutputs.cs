using TradingEngine.Hosting;
using System.Text;
using TradingEngine.Cli;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// The uninterrupted run a recovered engine is compared with: the whole journal through one executor built like te run's,
/// its public outputs (subject and JSON) split at journal sequences.
/// </summary>
public static class ReplayedOutputs
{
    /// <summary>
    /// Replays <paramref name="journalDir"/>; part i holds the outputs of the events after <c>splits[i-1]</c> up to
    /// <c>splits[i]</c> (part 0: from the start; the last part: after the last split to the end). Splits ascend.
    /// </summary>
    public static List<(string Subject, string Json)>[] Split(string pipelinePath, string instrumentsPath, string symbol, string journalDir, IReadOnlyList<long> splits)
    {
        var symbols = new SymbolRegistry();
        var (executor, dag, _) = EngineFactory.CreateExecutor(pipelinePath, instrumentsPath, [symbol], symbols);
        var outputs = RingBuffer<OutputMessage>.CreateSingleProducer(1 << 20);
        var driver = new InMemoryDriver<OutputRingSink>(executor, new OutputRingSink(outputs));
        var ends = new long[splits.Count];
        Array.Fill(ends, -1);
        using (var journal = new JournalReader(journalDir, symbols))
        {
            foreach (var read in journal)
            {
                // the source position the live run had (what its outputs' metadata.source_sequence carries), not the journal's
                var e = read;
                e.SourceSequence = journal.SourceSequenceAtWrite;
                driver.Feed(in e);
                for (var i = 0; i < splits.Count; i++)
                {
                    if (journal.Sequence == splits[i])
                        ends[i] = outputs.Cursor.Value;
                }
            }
        }
        var routing = new OutputRouting(symbols, EngineFactory.NodeNames(dag), EngineFactory.PortNames(dag));
        var json = new JsonMessageEncoder(symbols, "te");
        var ids = new OutputIndexer(); // metadata.output_index, as the live publisher numbers them
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var parts = new List<(string, string)>[splits.Count + 1];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = [];
        var part = 0;
        for (long s = 0; s <= outputs.Cursor.Value; s++)
        {
            while (part < splits.Count && s > ends[part])
                part++;
            buffer.ResetWrittenCount();
            json.Encode(outputs[s], buffer, ids.Next(outputs[s]));
            parts[part].Add((routing.Route(outputs[s]).PublicSubject, Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }
        return parts;
    }
}
