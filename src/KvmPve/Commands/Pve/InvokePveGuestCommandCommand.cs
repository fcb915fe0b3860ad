using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.Pve
{
    /// <summary>
    /// Runs a program in VMs through the QEMU guest agent and waits for it: exit code, stdout and stderr come back as
    /// data (a non-zero exit is not an error unless -ErrorOnNonZero), the arguments reach the program exactly as given.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "PveGuestCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VmIdSet)]
    [OutputType(typeof(PveGuestCommandResult))]
    public sealed class InvokePveGuestCommandCommand : PveVmNameCmdlet
    {
        /// <summary>The program, then its arguments, one per item (no shell: wrap in sh -c or cmd /c for one).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        public string[] Command { get; set; } = Array.Empty<string>();

        /// <summary>Text for the program's standard input.</summary>
        [Parameter]
        public string? InputObject { get; set; }

        /// <summary>How long to wait for the program; one still running then is written with TimedOut (it goes on in the guest).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 60;

        /// <summary>Make a non-zero exit (or a signal, or a timeout) an error as well as data.</summary>
        [Parameter]
        public SwitchParameter ErrorOnNonZero { get; set; }

        protected override void ProcessRecord()
        {
            PveSession session = ResolveSession();
            foreach (PveVm vm in Guests(session))
            {
                if (!ShouldProcessGuest(vm, $"Run {Command[0]} with {Command.Length - 1} argument(s) through the guest agent"))
                {
                    continue;
                }

                try
                {
                    PveGuestCommandResult result = Run(token => session.ExecAsync(vm, Command, InputObject, TimeSpan.FromSeconds(TimeoutSec), token));
                    if (result.Truncated)
                    {
                        WriteWarning($"The guest agent of {GuestLabel(vm)} kept only part of the output of {Command[0]}.");
                    }

                    WriteObject(result);
                    if (ErrorOnNonZero && (result.ExitCode != 0 || result.TimedOut))
                    {
                        string what = result.TimedOut ? $"was still running after {TimeoutSec} s" : result.Signal is int signal ? $"was ended by signal {signal}" : $"exited with {result.ExitCode}";
                        WriteError(new KvmPveException(ErrorKind.InvalidResult, "PveGuestCommandFailed", $"{Command[0]} in {GuestLabel(vm)} {what}. {result.StdErr.Trim()}".Trim()), result);
                    }
                }
                catch (KvmPveException ex)
                {
                    WriteError(ex, vm);
                }
            }
        }
    }
}
