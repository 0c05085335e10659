using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Dashboard.Streaming;

/// <summary>Hands every output frame the internal-subject subscriber decodes to the hub.</summary>
public struct DashboardOutputHandler : IEventHandler<OutputMessage>
{
    private readonly DashboardHub _hub;

    public DashboardOutputHandler(DashboardHub hub) => _hub = hub;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch) => _hub.Publish(in evt);

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnShutdown()
    {
    }
}
