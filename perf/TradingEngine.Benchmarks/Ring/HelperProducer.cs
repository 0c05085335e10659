namespace TradingEngine.Benchmarks.Ring;

/// <summary>
/// A second producer thread kept alive across invocations: <see cref="Request"/> asks it to run its publish
/// action once; no thread is created and nothing is allocated per invocation.
/// </summary>
public sealed class HelperProducer : IDisposable
{
    private readonly Action _publish;
    private readonly Thread _thread;
    private long _requested;
    private long _done;
    private volatile bool _stop;

    public HelperProducer(Action publish)
    {
        _publish = publish;
        _thread = new Thread(Loop) { IsBackground = true, Name = "bench-producer-2" };
        _thread.Start();
    }

    public void Request() => Interlocked.Increment(ref _requested);

    public void WaitDone()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _done) < Volatile.Read(ref _requested))
            spinner.SpinOnce(sleep1Threshold: -1);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Loop()
    {
        var spinner = new SpinWait();
        while (!_stop)
        {
            if (Volatile.Read(ref _requested) > _done)
            {
                _publish();
                Volatile.Write(ref _done, _done + 1);
                spinner = default;
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
