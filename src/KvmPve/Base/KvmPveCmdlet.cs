using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve.Base
{
    /// <summary>
    /// Runs Core's async work for a cmdlet: cancelled by Ctrl+C (StopProcessing) or by a downstream
    /// <c>Select-Object -First</c>, with every Write* call made on the pipeline thread as results arrive.
    /// </summary>
    public abstract class KvmPveCmdlet : PSCmdlet, IDisposable
    {
        // Bounded so a fast server cannot fill memory ahead of a slow pipeline.
        private const int MaxPending = 1024;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private BlockingCollection<Action>? _pending;

        protected CancellationToken Cancellation => _cancel.Token;

        public void Dispose() => _cancel.Dispose();

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Runs <paramref name="work"/> to its end; Core's errors come out as <see cref="KvmPveException"/>.</summary>
        protected void Run(Func<CancellationToken, Task> work)
        {
            // Not disposed: the completion continuation may still touch it after an early exit.
            var pending = new BlockingCollection<Action>(MaxPending);
            {
                _pending = pending;
                Task task;
                using (RequestLog.Capture(message => Post(() => WriteVerbose(message))))
                {
                    task = Task.Run(() => work(_cancel.Token));
                }

                task.ContinueWith(_ => pending.CompleteAdding(), TaskScheduler.Default);
                try
                {
                    foreach (Action action in pending.GetConsumingEnumerable())
                    {
                        action();
                    }
                }
                catch
                {
                    // Downstream stopped (PipelineStoppedException) or a write failed: end the work, then go.
                    _cancel.Cancel();
                    task.ContinueWith(t => t.Exception, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
                    throw;
                }
                finally
                {
                    _pending = null;
                }

                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            T result = default!;
            Run(async token => result = await work(token).ConfigureAwait(false));
            return result;
        }

        /// <summary>From Core's threads: write an object on the pipeline thread.</summary>
        protected void Emit(object item) => Post(() => WriteObject(item));

        protected void Post(Action action)
        {
            try
            {
                _pending?.Add(action, _cancel.Token);
            }
            catch (InvalidOperationException)
            {
                // The work already ended; nothing is listening any more.
            }
            catch (OperationCanceledException)
            {
                // Stopping: what is left unwritten is no longer wanted.
            }
        }

        protected void WriteError(KvmPveException exception, object? target) => WriteError(ErrorRecords.From(exception, target));

        protected void ThrowTerminatingError(KvmPveException exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));
    }
}
