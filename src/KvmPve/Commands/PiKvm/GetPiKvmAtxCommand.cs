using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The ATX state: enabled, busy, power and disk LEDs.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmAtx")]
    [OutputType(typeof(PiKvmAtxState))]
    public sealed class GetPiKvmAtxCommand : PiKvmCmdlet
    {
        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetAtxAsync(token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
