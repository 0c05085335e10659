using TradingEngine.Hosting;
using TradingEngine.Cli;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>
/// A journal of known events and engines built the way <c>te run</c> builds them (<see cref="EngineFactory"/>), for
/// comparing an uninterrupted run with snapshot + journal tail, and with warm-up.
/// </summary>
public sealed class RecoveryFixture : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("te-recovery-");

    private RecoveryFixture(string pipeline, string symbol)
    {
        Pipeline = Repo(pipeline);
        Symbol = symbol;
        JournalDirectory = Path.Combine(_root.FullName, "journal");
        SnapshotDirectory = Path.Combine(_root.FullName, "snapshots");
    }

    public string Pipeline { get; }
    public string Symbol { get; }
    public string JournalDirectory { get; }
    public string SnapshotDirectory { get; }

    /// <summary>The journal's events as the live run saw them (<c>SourceSequence</c> = source sequence at write), index i = journal sequence i + 1.</summary>
    public MarketEvent[] Events { get; private set; } = [];

    public static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public static RecoveryFixture Synthetic(int ticks)
    {
        var fixture = new RecoveryFixture("pipelines/es_futures.yaml", "ES");
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        var session = new SyntheticSession(new SyntheticSessionOptions { TickCount = ticks }, instruments["ES"].Id);
        using (var writer = JournalWriter.Open(fixture.JournalDirectory, symbols))
        {
            while (session.TryNext(out var e))
                writer.Append(in e);
        }
        fixture.Load();
        return fixture;
    }

    public static RecoveryFixture RealTicks(string file, string symbol)
    {
        var fixture = new RecoveryFixture("pipelines/us_equity.yaml", symbol);
        var symbols = new SymbolRegistry();
        InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        using (var writer = JournalWriter.Open(fixture.JournalDirectory, symbols))
            Importer.Import([file], writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades, Symbol = symbol });
        fixture.Load();
        return fixture;
    }

    private void Load()
    {
        var list = new List<MarketEvent>();
        // the registry numbers symbols like every engine's (instrument file order), so these events feed any engine
        var symbols = new SymbolRegistry();
        InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        using var reader = new JournalReader(JournalDirectory, symbols);
        foreach (var read in reader)
        {
            // what the live run saw (recovery replays with it too), not the journal sequence a te replay would use
            var e = read;
            e.SourceSequence = reader.SourceSequenceAtWrite;
            list.Add(e);
        }
        Assert.Null(reader.Damage);
        Events = [.. list];
    }

    /// <summary>A fresh engine of this fixture's pipeline and symbol, with its own registry and an output hash.</summary>
    public Engine NewEngine()
    {
        var symbols = new SymbolRegistry();
        var (executor, dag, _) = EngineFactory.CreateExecutor(Pipeline, Repo("pipelines/instruments.yaml"), [Symbol], symbols);
        return new Engine(executor, dag, symbols);
    }

    /// <summary>Rewrites the journal to hold only sequences 1..<paramref name="last"/>: what a crash after that event leaves.</summary>
    public string JournalUpTo(long last)
    {
        var directory = Path.Combine(_root.FullName, $"journal-{last}");
        var symbols = new SymbolRegistry();
        InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        using var reader = new JournalReader(JournalDirectory, symbols);
        using var writer = JournalWriter.Open(directory, symbols);
        while (reader.Sequence < last && reader.TryRead(out var e))
            writer.Append(in e);
        return directory;
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>One engine: its executor, a driver whose sink hashes into <see cref="Outputs"/>, and its registry.</summary>
    public sealed class Engine
    {
        private readonly CompiledDag _dag;

        public Engine(SymbolExecutor executor, CompiledDag dag, SymbolRegistry symbols)
        {
            _dag = dag;
            Executor = executor;
            Symbols = symbols;
            Outputs = new ReplayOutputs(dag, symbols, null);
            Driver = new InMemoryDriver<ReplaySink>(executor, new ReplaySink(Outputs));
        }

        public SymbolExecutor Executor { get; }
        public SymbolRegistry Symbols { get; }
        public ReplayOutputs Outputs { get; private set; }
        public InMemoryDriver<ReplaySink> Driver { get; }

        /// <summary>From here on outputs go to a new hash (the "after recovery" part of a run).</summary>
        public ReplayOutputs StartNewOutputs()
        {
            Outputs = new ReplayOutputs(_dag, Symbols, null);
            Driver.Sink = new ReplaySink(Outputs);
            return Outputs;
        }

        /// <summary>Feeds events [from, to) of <paramref name="events"/> one by one, as the ring handler would.</summary>
        public void Feed(MarketEvent[] events, int from, int to)
        {
            for (var i = from; i < to; i++)
                Driver.Feed(in events[i]);
        }

        /// <summary>The executor's whole state, as bytes (for comparing two engines).</summary>
        public byte[] State()
        {
            var buffer = new SnapshotBuffer();
            ExecutorSnapshot.Write(Executor, Symbols, 0, 0, buffer);
            return buffer.WrittenSpan.ToArray();
        }

        public void Snapshot(SnapshotStore store, long sequence)
        {
            var buffer = new SnapshotBuffer();
            ExecutorSnapshot.Write(Executor, Symbols, sequence, 0, buffer);
            store.Write(buffer.WrittenSpan, sequence);
        }
    }
}
