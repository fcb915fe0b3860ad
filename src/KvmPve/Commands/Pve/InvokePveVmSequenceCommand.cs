using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Runs an Invoke-PiKvmSequence step file on Proxmox VE VMs: Type (VNC keyboard), Key (sendkey), WaitText (serial
    /// console), Sleep, Power. One format for both; the PiKVM-only steps (Mount, Mouse) are refused when checked.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PveVmSequence", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PiKvmStepResult))]
    public sealed class InvokePveVmSequenceCommand : PveVmNameCmdlet
    {
        /// <summary>A .psd1 file: @{ Steps = @( @{ Power = 'On' }, @{ WaitText = 'login:' }, ... ) }.</summary>
        [Parameter(Position = 0)]
        public string? Path { get; set; }

        /// <summary>The steps themselves, each a hashtable with one action key.</summary>
        [Parameter]
        public object[]? Step { get; set; }

        protected override void ProcessRecord()
        {
            if ((Path == null) == (Step == null))
            {
                ThrowTerminatingError(KvmPveException.Invalid("PiKvmInvalidSequence", "Give the steps: -Path (a .psd1 step file) or -Step, one of them."), null);
            }

            IReadOnlyList<PiKvmStep> steps = Array.Empty<PiKvmStep>();
            CheckFirst(() => steps = PiKvmSequence.Parse(Step != null ? Step.Select(PSObjectBuilder.Unwrap) : SequenceFile.Read(this, Path!), vm: true), (object?)Path ?? Step);
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                foreach (PiKvmStep step in steps)
                {
                    if (!ShouldProcessGuest(vm, $"Step {step.Number}: {step.Description}"))
                    {
                        continue;
                    }

                    var watch = Stopwatch.StartNew();
                    try
                    {
                        object? result = Run(token => PveVmSequence.RunAsync(session, vm, step, token));
                        WriteObject(new PiKvmStepResult { Number = step.Number, Action = step.Action, Description = step.Description, Elapsed = watch.Elapsed, Result = result });
                    }
                    catch (KvmPveException ex)
                    {
                        WriteError(new KvmPveException(ex.Kind, "PveVmStepFailed",
                            $"{GuestLabel(vm)}: step {step.Number} ({step.Description}) failed after {watch.Elapsed.TotalSeconds:F1} s, so steps {step.Number + 1} and on did not run: {ex.Message}", ex.StatusCode, ex.ServerError, ex), vm);
                        break;
                    }
                }
            }
        }
    }
}
