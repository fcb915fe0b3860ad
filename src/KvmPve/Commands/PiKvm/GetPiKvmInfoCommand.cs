using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Completion;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>The PiKVM's system information (GET /api/info).</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmInfo")]
    [OutputType(typeof(PiKvmInfo))]
    public sealed class GetPiKvmInfoCommand : PiKvmFleetCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(PiKvmInfoFieldCompleter))]
        public string[]? Field { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetInfoAsync(Field, token).ConfigureAwait(false), Field);
    }
}
