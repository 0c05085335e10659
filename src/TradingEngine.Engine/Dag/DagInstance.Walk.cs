using System.Numerics;
using System.Runtime.CompilerServices;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The walk every event that does not finish on <see cref="Execute{TSink}"/>'s inline path takes: a compiled plan
/// (DagInstance.Plan.cs) or the bitset walk with failure isolation, then publishing and the end of the event. The
/// bitset walk emits no code, so it is what runs without a JIT (NativeAOT), for every set that is not compiled, and
/// after a node threw.
/// </summary>
public sealed unsafe partial class DagInstance
{
    /// <summary><see cref="Execute{TSink}"/> for every case its inline path does not take.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExecuteGeneral<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var todo = _todo;
        if (todo.Length == 1 && !_anyFailed && ((_planCode is not null && todo[0] == _planKey) || (todo[0] != 0 && SwitchToCompiled(todo[0]))))
        {
            // the usual set of this symbol's events, compiled (DagInstance.Plan.cs; only DAGs with one word of steps
            // have plans): it returns how many steps ran, or −1 after a node threw (reported by OnPlanFailure); the
            // rest of the event then takes the walk with failure isolation
            CompiledEvents++;
            var ran = _planCode!(_banks, _context, _changed);
            if (ran >= 0)
            {
                _evaluations += ran;
                todo[0] = 0;
            }
            else
            {
                OnPlanFailure();
                RunIsolated();
            }
        }
        else if (todo.Length != 1 || todo[0] != 0 || _anyFailed)
        {
            RunIsolated();
        }
        // else nothing is scheduled (a heartbeat that closes nothing, a trade outside every input): no walk, and the
        // plan stays, so the symbol's next trade still runs compiled
        FinishGeneral(ref sink);
    }

    // The end of every event that did not finish on Execute's inline path: published outputs, messages, per-event bits.
    private void FinishGeneral<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        Events++;
        if (AnyPublishedChanged())
            Publish(ref sink);
        if (_messages.Count != 0)
        {
            foreach (ref readonly var m in _messages.Items)
                sink.OnMessage(in m);
            _messages.Count = 0;
        }
        // Tiny arrays (one word per 64 signals): a loop beats Array.Clear's call overhead here, and one word (up to 64
        // sources and steps, the usual pipeline) needs no loop.
        var changedWords = _changed;
        if (changedWords.Length == 1)
        {
            changedWords[0] = 0;
        }
        else
        {
            for (var w = 0; w < changedWords.Length; w++)
                changedWords[w] = 0;
        }
        if (_anyFailed)
        {
            Array.Clear(_failed);
            _anyFailed = false;
        }
    }

    // The walks with failure isolation: a node that throws is reported, and the walk resumes after it. Out of line so
    // that the exception frame (which keeps a method's locals in memory) is not in Execute's way.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunIsolated()
    {
        while (true)
        {
            try
            {
                RunScheduled();
                return;
            }
            catch (Exception ex)
            {
                // looping resumes after the failed step (the walk clears a step's bit before running it)
                UnscheduleThrough(_context.CurrentStep);
                OnFailure(_context.CurrentStep, ex);
            }
        }
    }

    /// <summary>
    /// After a compiled plan returned −1 (a node threw in it; the exception is in the frame): counts the steps that ran
    /// (the plan's own count is lost with the exception), takes the steps through the failed one off the schedule and
    /// reports the failure.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnPlanFailure()
    {
        var error = _context.PlanError!;
        _context.PlanError = null;
        var step = _context.CurrentStep;
        _evaluations += PlanStepsRunThrough(step);
        UnscheduleThrough(step);
        OnFailure(step, error);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool AnyPublishedChanged()
    {
        var changed = _changed;
        var mask = _publishedMask;
        if (mask.Length == 1 && changed.Length == 1)
            return (changed[0] & mask[0]) != 0;
        for (var w = 0; w < mask.Length; w++)
        {
            if ((changed[w] & mask[w]) != 0)
                return true;
        }
        return false;
    }

    private void RunScheduled()
    {
        var todo = _todo;
        var changed = _changed;
        var failed = _failed;
        var signals = _signals;
        var steps = _steps;
        var context = _context;
        var sources = _sourceCount;
        // A failure leaves this method by an exception (Execute restarts it), so the flag is constant in one call.
        var anyFailed = _anyFailed;
        if (todo.Length == 1 && !anyFailed)
            CountTowardsCompiled(todo[0]); // not the rest of an event a failure interrupted: that set is partial
        // No try/finally here: a protected region makes the JIT keep the walk's locals on the stack. The evaluation
        // count is a field increment instead, so a failure cannot lose it.
        for (var w = 0; w < todo.Length; w++)
        {
            // Nothing schedules steps during the walk (sources fire before Execute), so the word is read once
            // and kept in a register; what is left of it is stored before each step so that a restart after
            // a failure resumes with the next step.
            var bits = todo[w];
            while (bits != 0)
            {
                var i = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                todo[w] = bits;
                ref var step = ref steps[i];
                bool run;
                if (step.MaskWord >= 0)
                {
                    run = (changed[step.MaskWord] & step.Mask) != 0;
                }
                else
                {
                    run = false;
                    var end = step.SignalEnd;
                    for (var k = step.SignalStart; k < end; k++)
                    {
                        var sig = signals[k];
                        if ((changed[sig >> 6] & (1UL << sig)) != 0)
                        {
                            run = true;
                            break;
                        }
                    }
                }
                if (anyFailed && IsPoisoned(ref step))
                {
                    failed[i >> 6] |= 1UL << i;
                    SkippedAfterFailure++;
                    continue;
                }
                if (run)
                    RunStep(ref step, i, context, changed, sources);
            }
        }
    }

    // One step of the bitset walk: the context's view of the step, the call, the step's signal when it changed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RunStep(ref Step step, int i, NodeContext context, ulong[] changed, int sources)
    {
        context.PortBase = step.PortBase;
        context.OutputBase = step.OutputBase;
        context.CurrentStep = i;
        _evaluations++;
        if (step.Evaluate(step.Bank, step.Index, context))
        {
            var sig = sources + i;
            changed[sig >> 6] |= 1UL << sig;
        }
    }

    // After step <paramref name="step"/> threw: the restarted walk begins after it.
    private void UnscheduleThrough(int step)
    {
        for (var w = 0; w < step >> 6; w++)
            _todo[w] = 0;
        // bits 0..step&63 of the step's word (shifted in two parts: C# masks a 64-bit shift count to 6 bits)
        _todo[step >> 6] &= ~(((1UL << (step & 63)) << 1) - 1);
    }

    private void Publish<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        foreach (var s in _published)
        {
            var sig = _sourceCount + s;
            if ((_changed[sig >> 6] & (1UL << sig)) == 0)
                continue;
            var cs = _dag.Steps[s];
            var outputs = cs.Kind.Info.Outputs;
            var published = cs.PublishedPorts;
            var persisted = cs.PersistedPorts;
            for (var p = 0; p < outputs.Count; p++)
            {
                var isPublished = Contains(published, p);
                var isPersisted = Contains(persisted, p);
                var slot = _steps[s].OutputBase + p;
                if (!(isPublished || isPersisted) || !_valid[slot])
                    continue;
                var output = new NodeOutput
                {
                    Symbol = Symbol,
                    Step = s,
                    Port = p,
                    Type = outputs[p].Type,
                    Persist = isPersisted,
                    EventTime = _context.CurrentTime,
                    SourceSequence = _context.CurrentEvent.SourceSequence,
                    Raw = _board[slot],
                };
                sink.OnNodeOutput(in output);
            }
        }
    }

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
                return true;
        }
        return false;
    }

    // Only consulted after a node failed in this event, so the normal walk never pays for it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IsPoisoned(ref Step step)
    {
        for (var k = step.SignalStart; k < step.SignalEnd; k++)
        {
            var node = _signals[k] - _sourceCount;
            if (node >= 0 && (_failed[node >> 6] & (1UL << node)) != 0)
                return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnFailure(int step, Exception error)
    {
        _anyFailed = true;
        _failed[step >> 6] |= 1UL << step;
        _failureCounts[step]++;
        Failures++;
        ref readonly var e = ref _context.CurrentEvent;
        var failure = new NodeFailure(_dag.Steps[step].Id, step, Symbol, e.Kind, _context.CurrentTime, e.SourceSequence, error);
        LastFailure = failure;
        FailureObserver?.Invoke(failure);
    }
}
