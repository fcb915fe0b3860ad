using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>What a <see cref="PveTaskBatch"/> reports, in the order it happens.</summary>
    public enum PveTaskBatchEventKind
    {
        /// <summary>The task was started (its start request answered).</summary>
        Started,

        /// <summary>A poll round found the task still running.</summary>
        Running,

        /// <summary>The task ended OK or with warnings (and what it was started for has happened, where that was asked).</summary>
        Finished,

        /// <summary>The task ended with an error (<see cref="PveTaskBatchEvent.Error"/> is a <see cref="PveTaskFailedException"/>).</summary>
        Failed,
    }

    public sealed class PveTaskBatchEvent
    {
        internal PveTaskBatchEvent(PveTaskBatchEventKind kind, object item, PveTask task, TimeSpan elapsed, KvmPveException? error, object? result = null)
        {
            Kind = kind;
            Item = item;
            Task = task;
            Elapsed = elapsed;
            Error = error;
            Result = result ?? task;
        }

        /// <summary>When finished: what the task's end gave (the task itself, or what it made, such as a clone).</summary>
        public object Result { get; }

        public PveTaskBatchEventKind Kind { get; }

        /// <summary>The input the task was started for (a guest, for example).</summary>
        public object Item { get; }

        public PveTask Task { get; }

        public TimeSpan Elapsed { get; }

        public KvmPveException? Error { get; }
    }

    /// <summary>
    /// What an outcome answers while what its task was started for has not happened yet: what it waits for and what it
    /// saw, for the timeout error.
    /// </summary>
    public sealed class PveNotYet
    {
        public PveNotYet(string awaited, string seen)
        {
            Awaited = awaited;
            Seen = seen;
        }

        public string Awaited { get; }

        public string Seen { get; }
    }

    /// <summary>
    /// Starts PVE tasks as their inputs arrive, never more than a throttle running at once, and waits for all of them
    /// together: one poll round over every running task each <see cref="PollInterval"/>, one request after another on
    /// each session's one connection, so the end of any task is noticed within about that interval and the wait
    /// takes as long as the longest task, not their sum. What happens is queued as events for the caller to take on
    /// its own thread (PowerShell writes only on the pipeline thread).
    /// </summary>
    public sealed class PveTaskBatch
    {
        public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

        /// <summary>How long a task (and what it was started for) is waited for when the caller names no timeout.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

        private readonly SemaphoreSlim _slots;
        private readonly TimeSpan _interval;
        private readonly object _gate = new object();
        private readonly List<Running> _running = new List<Running>();
        private readonly ConcurrentQueue<PveTaskBatchEvent> _events = new ConcurrentQueue<PveTaskBatchEvent>();
        private TaskCompletionSource<bool> _signal = NewSignal();
        private Task _poller = Task.CompletedTask;
        private bool _polling;

        public PveTaskBatch(int throttleLimit, TimeSpan? pollInterval = null)
        {
            if (throttleLimit < 1)
            {
                throw KvmPveException.Invalid("PveInvalidThrottleLimit", $"-ThrottleLimit {throttleLimit} is not valid: give 1 or more.");
            }

            ThrottleLimit = throttleLimit;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _interval = pollInterval ?? PollInterval;
        }

        public int ThrottleLimit { get; }

        /// <summary>Tasks started and not yet ended.</summary>
        public int RunningCount
        {
            get
            {
                lock (_gate)
                {
                    return _running.Count;
                }
            }
        }

        /// <summary>The tasks started and not yet ended (what a stopped wait leaves running on PVE).</summary>
        public IReadOnlyList<PveTask> RunningTasks
        {
            get
            {
                lock (_gate)
                {
                    return _running.Select(r => r.Task).ToList();
                }
            }
        }

        /// <summary>
        /// Waits for a free slot, then calls <paramref name="start"/> and keeps the task it returns in the poll rounds.
        /// Tasks with the same <paramref name="exclusive"/> key run one after another (PVE locks a guest's configuration
        /// while a snapshot task runs on it). <paramref name="outcome"/>, when given, is asked in each poll round once
        /// the task ended OK, and the task counts as finished only when it answers something (an HA-managed guest changes
        /// after its HA task; a clone is done when its lock is gone): that answer is the event's result. A task that has
        /// already ended when it starts (an HA request) is not polled, only asked. A start that fails gives its slot
        /// back and throws; the other tasks go on. Past <paramref name="timeout"/> (<see cref="DefaultTimeout"/> when none is
        /// given) from its start, a task still running, or whose outcome has not come, ends its wait with an
        /// OperationTimeout error naming what was awaited and what was seen last; the task goes on on PVE.
        /// </summary>
        public async Task StartAsync(object item, Func<CancellationToken, Task<PveTask>> start, CancellationToken cancellationToken, string? exclusive = null,
            Func<PveTask, CancellationToken, Task<object?>>? outcome = null, TimeSpan? timeout = null)
        {
            await WaitForKeyAsync(exclusive, cancellationToken).ConfigureAwait(false);
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            PveTask task;
            try
            {
                task = await start(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _slots.Release();
                throw;
            }

            if (task.Session == null)
            {
                _slots.Release();
                throw new InvalidOperationException("A task without its session cannot be waited for.");
            }

            lock (_gate)
            {
                _running.Add(new Running(item, task, DateTimeOffset.UtcNow, exclusive, outcome, timeout ?? DefaultTimeout) { Ended = task.IsRunning ? null : task });
                Publish(new PveTaskBatchEvent(PveTaskBatchEventKind.Started, item, task, TimeSpan.Zero, null));
                // Decided under the lock, so a poller that is just ending never leaves a new task unpolled.
                if (!_polling)
                {
                    _polling = true;
                    _poller = Task.Run(() => PollAsync(cancellationToken));
                }
            }
        }

        /// <summary>Ends when every task started so far has ended; cancelling stops the waiting, not the tasks.</summary>
        public async Task WhenAllAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                Task poller;
                lock (_gate)
                {
                    if (_running.Count == 0)
                    {
                        return;
                    }

                    poller = _poller;
                }

                await poller.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>The events so far, oldest first; each is handed out once.</summary>
        private IReadOnlyList<PveTaskBatchEvent> TakeEvents()
        {
            var taken = new List<PveTaskBatchEvent>();
            while (_events.TryDequeue(out PveTaskBatchEvent? e))
            {
                taken.Add(e);
            }

            return taken;
        }

        /// <summary>
        /// Runs <paramref name="post"/> for every event as it comes (on the caller's terms: it posts them to the pipeline
        /// thread) until <paramref name="until"/> ends, then once more for what is left, and returns <paramref name="until"/>'s outcome.
        /// </summary>
        public async Task PumpUntilAsync(Task until, Action<PveTaskBatchEvent> post, CancellationToken cancellationToken)
        {
            Task cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            while (true)
            {
                Task signal;
                lock (_gate)
                {
                    signal = _signal.Task;
                }

                foreach (PveTaskBatchEvent e in TakeEvents())
                {
                    post(e);
                }

                if (until.IsCompleted)
                {
                    break;
                }

                await Task.WhenAny(until, signal, cancelled).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (PveTaskBatchEvent e in TakeEvents())
            {
                post(e);
            }

            await until.ConfigureAwait(false);
        }

        private async Task WaitForKeyAsync(string? key, CancellationToken cancellationToken)
        {
            while (key != null)
            {
                Task signal;
                lock (_gate)
                {
                    if (_running.All(r => r.Key != key))
                    {
                        return;
                    }

                    signal = _signal.Task;
                }

                await Task.WhenAny(signal, Task.Delay(_interval, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private async Task PollAsync(CancellationToken cancellationToken)
        {
            try
            {
                await PollRoundsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_gate)
                {
                    _polling = false;
                }

                throw;
            }
        }

        private async Task PollRoundsAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
                Running[] round;
                lock (_gate)
                {
                    round = _running.ToArray();
                }

                foreach (Running running in round)
                {
                    await PollOneAsync(running, cancellationToken).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    if (_running.Count == 0)
                    {
                        _polling = false;
                        return;
                    }
                }
            }
        }

        private async Task PollOneAsync(Running running, CancellationToken cancellationToken)
        {
            PveSession session = running.Task.Session!;
            TimeSpan elapsed = DateTimeOffset.UtcNow - running.Since;
            PveTaskBatchEvent outcome;
            try
            {
                PveTask polled = running.Ended ?? await session.GetTaskAsync(running.Task.Upid, cancellationToken).ConfigureAwait(false);
                bool late = elapsed >= running.Timeout;
                if (polled.IsRunning && !late)
                {
                    Publish(new PveTaskBatchEvent(PveTaskBatchEventKind.Running, running.Item, polled, elapsed, null));
                    return;
                }

                if (polled.IsRunning)
                {
                    throw new KvmPveException(ErrorKind.OperationTimeout, "PveTaskTimeout",
                        $"Task {polled.Type} {polled.Id} on {polled.Node} is still running after {running.Timeout.TotalSeconds} s; it goes on. Wait again with Wait-PveTask, or check it with Get-PveTask -Upid '{polled.Upid}'.");
                }

                object? result = null;
                if (polled.Succeeded != false && running.Outcome != null && (result = await running.Outcome(polled, cancellationToken).ConfigureAwait(false)) is null or PveNotYet)
                {
                    // The task is over; what it asked for has not happened yet. Ask again next round, until the timeout.
                    running.Ended = polled;
                    if (late)
                    {
                        var notYet = result as PveNotYet;
                        throw new KvmPveException(ErrorKind.OperationTimeout, "PveTaskOutcomeTimeout",
                            $"Task {polled.Type} {polled.Id} on {polled.Node} ended ({polled.ExitStatus}), but after {running.Timeout.TotalSeconds} s {notYet?.Awaited ?? "what it was started for"} has not happened; last seen: {notYet?.Seen ?? "nothing yet"}.");
                    }

                    Publish(new PveTaskBatchEvent(PveTaskBatchEventKind.Running, running.Item, polled, elapsed, null));
                    return;
                }

                outcome = polled.Succeeded == false
                    ? new PveTaskBatchEvent(PveTaskBatchEventKind.Failed, running.Item, polled, elapsed,
                        new PveTaskFailedException(polled, await session.LogTailAsync(polled.Upid, cancellationToken).ConfigureAwait(false)))
                    : new PveTaskBatchEvent(PveTaskBatchEventKind.Finished, running.Item, polled, elapsed, null, result);
            }
            catch (KvmPveException ex)
            {
                // The task's status could not be read (its node went away, say): that task's wait ends with the error.
                outcome = new PveTaskBatchEvent(PveTaskBatchEventKind.Failed, running.Item, running.Task, elapsed, ex);
            }

            lock (_gate)
            {
                _running.Remove(running);
                Publish(outcome);
            }

            _slots.Release();
        }

        private void Publish(PveTaskBatchEvent e)
        {
            TaskCompletionSource<bool> signal;
            lock (_gate)
            {
                _events.Enqueue(e);
                signal = _signal;
                _signal = NewSignal();
            }

            signal.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private sealed class Running
        {
            public Running(object item, PveTask task, DateTimeOffset since, string? key, Func<PveTask, CancellationToken, Task<object?>>? outcome, TimeSpan timeout)
            {
                Item = item;
                Task = task;
                Since = since;
                Key = key;
                Outcome = outcome;
                Timeout = timeout;
            }

            public string? Key { get; }

            public Func<PveTask, CancellationToken, Task<object?>>? Outcome { get; }

            /// <summary>How long the task may run, and its outcome take, before its wait ends with an OperationTimeout (the task goes on).</summary>
            public TimeSpan Timeout { get; }

            /// <summary>The task's end, once it ended OK but <see cref="Outcome"/> has nothing yet.</summary>
            public PveTask? Ended { get; set; }

            public object Item { get; }

            public PveTask Task { get; }

            public DateTimeOffset Since { get; }
        }
    }
}
