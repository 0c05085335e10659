using System.Runtime.CompilerServices;

namespace TradingEngine.Benchmarks.Engine;

/// <summary>
/// The node-dispatch alternatives measured by <see cref="DagDispatchBenchmarks"/>, each driving the
/// same 25 trivial nodes (three kinds, one multiply-add each) over a value board, so the numbers
/// isolate the cost of getting from the step loop into a node.
/// </summary>
internal static unsafe class DispatchAlternatives
{
    public const int Steps = 25;

    // (a) the naive baseline: class nodes behind an abstract virtual method.
    public abstract class VirtualNode
    {
        public int Input;
        public int Output;

        public abstract bool Evaluate(double[] board);
    }

    public sealed class VirtualScale : VirtualNode
    {
        public double K = 0.5;

        public override bool Evaluate(double[] board)
        {
            board[Output] = board[Input] * K;
            return true;
        }
    }

    public sealed class VirtualShift : VirtualNode
    {
        public double C = 1.25;

        public override bool Evaluate(double[] board)
        {
            board[Output] = board[Input] + C;
            return true;
        }
    }

    public sealed class VirtualSmooth : VirtualNode
    {
        public double State;

        public override bool Evaluate(double[] board)
        {
            State = (State * 0.75) + (board[Input] * 0.25);
            board[Output] = State;
            return true;
        }
    }

    // Struct kinds shared by (b) and (c).
    public interface IStructNode
    {
        bool Evaluate(double[] board, int input, int output);
    }

    public struct Scale : IStructNode
    {
        public double K;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Evaluate(double[] board, int input, int output)
        {
            board[output] = board[input] * K;
            return true;
        }
    }

    public struct Shift : IStructNode
    {
        public double C;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Evaluate(double[] board, int input, int output)
        {
            board[output] = board[input] + C;
            return true;
        }
    }

    public struct Smooth : IStructNode
    {
        public double State;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Evaluate(double[] board, int input, int output)
        {
            State = (State * 0.75) + (board[input] * 0.25);
            board[output] = State;
            return true;
        }
    }

    public sealed class Bank<T>
        where T : struct, IStructNode
    {
        public T[] Nodes = new T[Steps];

        // (c) the static generic trampoline a function pointer targets.
        public static bool Run(object bank, int index, double[] board, int input, int output) =>
            Unsafe.As<Bank<T>>(bank).Nodes[index].Evaluate(board, input, output);
    }

    public struct Step
    {
        public byte Kind;
        public int Index;
        public int Input;
        public int Output;
        public object Bank;
        public delegate*<object, int, double[], int, int, bool> Run;
    }
}
