using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>Typed messages nodes emitted during one event, handed to the sink after the walk; pre-allocated, grows only if an event emits more than ever before.</summary>
internal sealed class MessageBuffer
{
    private OutputMessage[] _items = new OutputMessage[16];

    public int Count;

    public ReadOnlySpan<OutputMessage> Items => _items.AsSpan(0, Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref OutputMessage Add()
    {
        if (Count == _items.Length)
            Grow();
        return ref _items[Count++];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _items, _items.Length * 2);
}
