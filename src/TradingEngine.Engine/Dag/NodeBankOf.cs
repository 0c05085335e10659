using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Engine.Dag;

/// <summary>Storage and trampoline for node kind <typeparamref name="TNode"/>.</summary>
internal sealed unsafe class NodeBank<TNode> : NodeBank
    where TNode : struct, INode<TNode>
{
    private TNode[] _nodes = new TNode[4];
    private int _count;

    public override int Count => _count;

    public override delegate*<NodeBank, int, NodeContext, bool> Evaluator => &Evaluate;

    public override MethodInfo EvaluatorMethod => new Func<NodeBank, int, NodeContext, bool>(Evaluate).Method;

    public ref TNode this[int index] => ref _nodes[index];

    public override int Add(NodeParameters parameters)
    {
        var node = TNode.Create(parameters);
        if (_count == _nodes.Length)
            Array.Resize(ref _nodes, _count * 2);
        _nodes[_count] = node;
        return _count++;
    }

    public override InlineForm Inlining(int index) => TNode.Inlining(in _nodes[index]);

    public override void WriteState(int index, ref StateWriter writer) => _nodes[index].WriteState(ref writer);

    public override void ReadState(int index, ref StateReader reader) => _nodes[index].ReadState(ref reader);

    // The bank type is known from the step that stores this pointer, so the unchecked cast is safe, and the index is
    // that of a node added to this bank (below its count), so the unchecked read is too; the call into TNode.Evaluate
    // is direct (a constrained call on a struct) and usually inlined here.
    private static bool Evaluate(NodeBank bank, int index, NodeContext context) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Unsafe.As<NodeBank<TNode>>(bank)._nodes), index).Evaluate(context);
}
