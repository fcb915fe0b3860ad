using System.Collections.Generic;
using System.Text.Json;
using KvmPve.Json;

namespace KvmPve
{
    public enum PiKvmGpioDirection
    {
        Input,
        Output,
    }

    /// <summary>One GPIO channel from GET /api/gpio: its direction, state and what it can do.</summary>
    public sealed class PiKvmGpioChannel
    {
        public string Channel { get; set; } = string.Empty;

        public PiKvmGpioDirection Direction { get; set; }

        public bool State { get; set; }

        public bool Online { get; set; }

        /// <summary>A switch or pulse is under way on this output; another one now answers ResourceBusy.</summary>
        public bool Busy { get; set; }

        /// <summary>Outputs only: whether the channel can be switched on and off (Set-PiKvmGpio).</summary>
        public bool CanSwitch { get; set; }

        /// <summary>Outputs only: whether the channel can be pulsed (Invoke-PiKvmGpioPulse).</summary>
        public bool CanPulse { get; set; }

        /// <summary>Outputs that pulse: the default pulse length in seconds.</summary>
        public double? PulseDelay { get; set; }

        public PiKvmSession? Session { get; set; }

        internal static List<PiKvmGpioChannel> From(JsonElement result, PiKvmSession session)
        {
            var channels = new List<PiKvmGpioChannel>();
            foreach (PiKvmGpioDirection direction in new[] { PiKvmGpioDirection.Input, PiKvmGpioDirection.Output })
            {
                string kind = direction == PiKvmGpioDirection.Input ? "inputs" : "outputs";
                if (!(JsonTree.At(result, "model", "scheme", kind) is JsonElement scheme) || scheme.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty channel in scheme.EnumerateObject())
                {
                    JsonElement? state = JsonTree.At(result, "state", kind, channel.Name);
                    channels.Add(new PiKvmGpioChannel
                    {
                        Channel = channel.Name,
                        Direction = direction,
                        State = state is JsonElement s && JsonTree.At(s, "state")?.ValueKind == JsonValueKind.True,
                        Online = state is JsonElement o && JsonTree.At(o, "online")?.ValueKind == JsonValueKind.True,
                        Busy = state is JsonElement b && JsonTree.At(b, "busy")?.ValueKind == JsonValueKind.True,
                        CanSwitch = direction == PiKvmGpioDirection.Output && JsonTree.At(channel.Value, "switch")?.ValueKind == JsonValueKind.True,
                        CanPulse = direction == PiKvmGpioDirection.Output && JsonTree.Number(channel.Value, "pulse", "delay") > 0,
                        PulseDelay = direction == PiKvmGpioDirection.Output ? JsonTree.Number(channel.Value, "pulse", "delay") : null,
                        Session = session,
                    });
                }
            }

            return channels;
        }
    }
}
