using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Transport;

namespace KvmPve.Threading
{
    /// <summary>
    /// Runs async work (after its synchronous start, on the thread pool) while actions it posts (PowerShell's Write* calls, which must happen on
    /// the pipeline thread) run on the calling thread as they arrive. An action that throws (a downstream
    /// <c>Select-Object -First</c> stopping the pipeline) cancels the work and ends the run at once.
    /// </summary>
    public sealed class CallerThreadPump
    {
        // Bounded so a fast server cannot fill memory ahead of a slow pipeline.
        private readonly BlockingCollection<Action> _pending;
        private readonly CancellationTokenSource _cancel;
        private int _caller;
        private bool _starting;

        public CallerThreadPump(CancellationTokenSource cancel, int capacity = 1024)
        {
            _cancel = cancel;
            _pending = new BlockingCollection<Action>(capacity);
        }

        /// <summary>From any thread: run <paramref name="action"/> on the caller's thread, in order.</summary>
        public void Post(Action action)
        {
            if (_starting && Environment.CurrentManagedThreadId == _caller)
            {
                // The work's synchronous start, on the caller's own thread: run it now. Queued, it would wait for a
                // consumer that is this very thread, and a full queue would never drain.
                try
                {
                    action();
                }
                catch
                {
                    _cancel.Cancel();
                    throw;
                }

                return;
            }

            try
            {
                _pending.Add(action, _cancel.Token);
            }
            catch (InvalidOperationException)
            {
                // The run already ended; nothing is listening any more.
            }
            catch (OperationCanceledException)
            {
                // Stopping: what is left unwritten is no longer wanted.
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> to its end on the caller's thread, with transport diagnostics posted to
        /// <paramref name="log"/>. The work's own exception comes out unwrapped.
        /// </summary>
        public void Run(Func<CancellationToken, Task> work, Action<string>? log = null)
        {
            Task task;
            using (RequestLog.Capture(message => { if (log != null) Post(() => log(message)); }))
            {
                // Started here, not through Task.Run: its synchronous part (building the request) runs on this thread and
                // saves a thread-pool hop per call; Core awaits with ConfigureAwait(false), so the rest runs on the pool.
                _caller = Environment.CurrentManagedThreadId;
                _starting = true;
                try
                {
                    task = work(_cancel.Token);
                }
                catch (Exception ex)
                {
                    task = Task.FromException(ex);
                }
                finally
                {
                    _starting = false;
                }
            }

            task.ContinueWith(_ => _pending.CompleteAdding(), TaskScheduler.Default);
            try
            {
                foreach (Action action in _pending.GetConsumingEnumerable())
                {
                    action();
                }
            }
            catch
            {
                _cancel.Cancel();
                task.ContinueWith(t => t.Exception, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
                throw;
            }

            task.GetAwaiter().GetResult();
        }
    }
}
