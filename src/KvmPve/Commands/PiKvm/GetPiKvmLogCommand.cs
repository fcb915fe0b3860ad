using System;
using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's journal, written line by line as it arrives; with -Follow it keeps going.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmLog")]
    [OutputType(typeof(PiKvmLogEntry))]
    public sealed class GetPiKvmLogCommand : PiKvmCmdlet
    {
        [Parameter(Position = 0)]
        public TimeSpan? Seek { get; set; }

        [Parameter]
        public SwitchParameter Follow { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                Run(token => session.ReadLogAsync(Seek, Follow, Emit, token));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
