using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// What an <see cref="IOutputConsumer"/> attaches to: its own output ring (every executor's outputs) and the input rings
/// (raw input, one per executor), with the thread settings the deployment profile gives each consumer thread.
/// </summary>
public sealed class OutputAttachment
{
    private readonly Func<string, ProcessorOptions> _thread;

    internal OutputAttachment(RingPipeline<OutputMessage> output, IReadOnlyList<RingPipeline<MarketEvent>> inputs, IReadOnlyList<string> executorNames,
        Func<string, ProcessorOptions> thread, SymbolRegistry symbols)
    {
        Output = output;
        Inputs = inputs;
        ExecutorNames = executorNames;
        _thread = thread;
        Symbols = symbols;
    }

    /// <summary>The consumer's own output ring: add one handler per consumer thread.</summary>
    public RingPipeline<OutputMessage> Output { get; }

    /// <summary>The input rings, in executor order (raw input for a consumer that stores it).</summary>
    public IReadOnlyList<RingPipeline<MarketEvent>> Inputs { get; }

    /// <summary>The executors' names, in the order of <see cref="Inputs"/>.</summary>
    public IReadOnlyList<string> ExecutorNames { get; }

    public SymbolRegistry Symbols { get; }

    /// <summary>The options of a consumer thread named <paramref name="name"/>: the profile's core and wait strategy for it.</summary>
    public ProcessorOptions Thread(string name) => _thread(name);
}
