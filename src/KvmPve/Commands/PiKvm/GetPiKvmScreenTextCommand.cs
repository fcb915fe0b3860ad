using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>Reads the text on the screen with the PiKVM's OCR.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmScreenText")]
    [OutputType(typeof(string))]
    public sealed class GetPiKvmScreenTextCommand : PiKvmFleetCmdlet
    {
        [Parameter]
        public string[]? Language { get; set; }

        /// <summary>Read the PiKVM's "no signal" picture instead of failing when there is no video signal.</summary>
        [Parameter]
        public SwitchParameter AllowOffline { get; set; }

        [Parameter]
        [ValidateRange(0, 16384)]
        public int? Left { get; set; }

        [Parameter]
        [ValidateRange(0, 16384)]
        public int? Top { get; set; }

        [Parameter]
        [ValidateRange(0, 16384)]
        public int? Right { get; set; }

        [Parameter]
        [ValidateRange(0, 16384)]
        public int? Bottom { get; set; }

        protected override void ProcessRecord()
        {
            var options = new PiKvmOcrOptions { AllowOffline = AllowOffline, Languages = Language, Left = Left, Top = Top, Right = Right, Bottom = Bottom };
            OnEachDevice(_ => true, async (session, token) => await session.ReadScreenTextAsync(options, token).ConfigureAwait(false));
        }
    }
}
