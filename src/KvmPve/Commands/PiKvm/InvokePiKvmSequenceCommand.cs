using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// Runs a runbook of PiKVM steps in order (Type, Key, WaitText, Sleep, Power, Mount, Mouse), from a PowerShell data
    /// file or -Step. Every step is checked before the first runs; each result is written; the first failure stops.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PiKvmSequence", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PiKvmStepResult))]
    public sealed class InvokePiKvmSequenceCommand : PiKvmCmdlet
    {
        private const string PathSet = "Path";
        private const string StepSet = "Step";

        /// <summary>A .psd1 file: @{ Steps = @( @{ Power = 'On' }, @{ WaitText = 'boot:' }, ... ) }.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        public string Path { get; set; } = string.Empty;

        /// <summary>The steps themselves, each a hashtable with one action key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StepSet)]
        public object[] Step { get; set; } = Array.Empty<object>();

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            IReadOnlyList<PiKvmStep> steps = Array.Empty<PiKvmStep>();
            CheckFirst(() => steps = PiKvmSequence.Parse(ParameterSetName == StepSet ? Step.Select(PSObjectBuilder.Unwrap) : SequenceFile.Read(this, Path)), Path);
            foreach (PiKvmStep step in steps)
            {
                if (!ShouldProcess($"the machine behind {session.Server}", $"Step {step.Number}: {step.Description}"))
                {
                    continue;
                }

                var watch = Stopwatch.StartNew();
                try
                {
                    object? result = Run(token => PiKvmSequence.RunAsync(session, step, note => Post(() => WriteVerbose($"Step {step.Number}: {note}")), token));
                    WriteObject(new PiKvmStepResult { Number = step.Number, Action = step.Action, Description = step.Description, Elapsed = watch.Elapsed, Result = result });
                }
                catch (KvmPveException ex)
                {
                    ThrowTerminatingError(new KvmPveException(ex.Kind, "PiKvmStepFailed",
                        $"Step {step.Number} ({step.Description}) failed after {watch.Elapsed.TotalSeconds:F1} s, so steps {step.Number + 1} and on did not run: {ex.Message}", ex.StatusCode, ex.ServerError, ex), step);
                }
            }
        }
    }
}
