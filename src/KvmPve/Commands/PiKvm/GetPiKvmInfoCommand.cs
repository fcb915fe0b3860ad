using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Completion;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's system information (GET /api/info).</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmInfo")]
    [OutputType(typeof(PiKvmInfo))]
    public sealed class GetPiKvmInfoCommand : PiKvmCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(PiKvmInfoFieldCompleter))]
        public string[]? Field { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetInfoAsync(Field, token)));
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, Field != null ? (object)Field : session);
            }
        }
    }
}
