using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Threading;

namespace KvmPve.Base
{
    /// <summary>
    /// Runs Core's async work for a cmdlet: cancelled by Ctrl+C (StopProcessing) or by a downstream
    /// <c>Select-Object -First</c>, with every Write* call made on the pipeline thread as results arrive.
    /// </summary>
    public abstract class KvmPveCmdlet : PSCmdlet, IDisposable
    {
        private static int _progressIds;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private CallerThreadPump? _pump;

        public void Dispose() => _cancel.Dispose();

        /// <summary>A progress activity id of its own, so bars of cmdlets running side by side never mix.</summary>
        internal static int NextProgressId() => Interlocked.Increment(ref _progressIds);

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Runs <paramref name="work"/> to its end; Core's errors come out as <see cref="KvmPveException"/>.</summary>
        protected internal void Run(Func<CancellationToken, Task> work) => RunPump(work);

        /// <summary>Runs <paramref name="work"/> to its end and returns its result.</summary>
        protected internal T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            T result = default!;
            // A block body and a differently named callee: an expression lambda returning the assignment would be a
            // Func<CancellationToken, Task<T>> again, and overload resolution would call this method forever.
            RunPump(async token => { result = await work(token).ConfigureAwait(false); });
            return result;
        }

        private void RunPump(Func<CancellationToken, Task> work)
        {
            _pump = new CallerThreadPump(_cancel);
            try
            {
                _pump.Run(work, WriteVerbose);
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                _pump = null;
            }
        }

        /// <summary>From Core's threads: write an object on the pipeline thread.</summary>
        protected void Emit(object item) => Post(() => WriteObject(item));

        /// <summary>From Core's threads: run a Write* call on the pipeline thread.</summary>
        protected internal void Post(Action action) => _pump?.Post(action);

        protected void WriteError(KvmPveException exception, object? target) => WriteError(ErrorRecords.From(exception, target));

        protected void ThrowTerminatingError(KvmPveException exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));

        /// <summary>Runs a check of the arguments before any request: what it refuses ends the cmdlet, naming <paramref name="target"/>.</summary>
        protected void CheckFirst(Action check, object? target)
        {
            try
            {
                check();
            }
            catch (KvmPveException ex)
            {
                ThrowTerminatingError(ex, target);
            }
        }
    }
}
