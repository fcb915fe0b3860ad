using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>
    /// Changes the video streamer's quality, frame rate, resolution and H.264 settings, each checked first against what
    /// this PiKVM can change and kvmd's limits.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "PiKvmStreamer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PiKvmStreamerState))]
    public sealed class SetPiKvmStreamerCommand : PiKvmFleetCmdlet
    {
        /// <summary>JPEG quality, 1 to 100.</summary>
        [Parameter]
        public int? Quality { get; set; }

        [Parameter]
        public int? DesiredFps { get; set; }

        /// <summary>A capture resolution the PiKVM offers, such as 1920x1080.</summary>
        [Parameter]
        public string? Resolution { get; set; }

        /// <summary>H.264 bitrate in kbit/s.</summary>
        [Parameter]
        public int? H264Bitrate { get; set; }

        /// <summary>H.264 key frame interval (group of pictures).</summary>
        [Parameter]
        public int? H264Gop { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new PiKvmStreamerParams { Quality = Quality, DesiredFps = DesiredFps, Resolution = Resolution, H264Bitrate = H264Bitrate, H264Gop = H264Gop };
            OnEachDevice(
                session => ShouldProcess($"video streamer of {session.Server}", "Change its settings"),
                async (session, token) =>
                {
                    await session.SetStreamerAsync(settings, token).ConfigureAwait(false);
                    return PassThru ? await session.GetStreamerAsync(token).ConfigureAwait(false) : null;
                });
        }
    }
}
