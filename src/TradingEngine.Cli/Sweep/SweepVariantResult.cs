using TradingEngine.Hosting;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Pipelines;

namespace TradingEngine.Cli.Sweep;

/// <summary>One variant of a sweep over one window: its parameters, the replay summary (with the output hash a plain
/// <c>te replay --set …</c> prints) and the report's metrics summed over the pipeline's strategies.</summary>
internal sealed record SweepVariantResult(int Index, IReadOnlyList<ParameterOverride> Parameters, ReplaySummary Summary)
{
    public string Name => $"v{Index:D3}";

    public int Trades => Summary.Report?.Strategies.Sum(s => s.Trades) ?? 0;
    public double NetPnl => Summary.Report?.Strategies.Sum(s => s.NetPnl) ?? 0;
    public double MaxDrawdown => Summary.Report?.Strategies.Sum(s => s.MaxDrawdown) ?? 0;

    public double WinRate
    {
        get
        {
            var trades = Trades;
            return trades == 0 ? 0 : (double)(Summary.Report?.Strategies.Sum(s => s.Wins) ?? 0) / trades;
        }
    }

    public string Currency => Summary.Report?.Strategies.Select(s => s.Currency).Distinct().SingleOrDefault() ?? "?";

    /// <summary>The value walk-forward ranks by; higher is better (max_drawdown is negated).</summary>
    public double Score(string metric) => metric switch
    {
        "win_rate" => WinRate,
        "trades" => Trades,
        "max_drawdown" => -MaxDrawdown,
        _ => NetPnl,
    };

    public string ParameterText => string.Join(" ", Parameters.Select(p => p.ToString()));
}
