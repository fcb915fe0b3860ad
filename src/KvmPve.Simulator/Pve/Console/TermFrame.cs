using System.Text;

namespace KvmPve.Simulator.Pve;

/// <summary>termproxy's input framing (main.rs process_queue): "0:LEN:DATA" is data, "1:COLS:ROWS:" a size, anything else one byte skipped (a ping "2").</summary>
internal static class TermFrame
{
    /// <summary>The next data message's bytes, taken off <paramref name="pending"/> (sizes and pings dropped); null until one is whole.</summary>
    public static byte[]? Next(List<byte> pending)
    {
        while (pending.Count >= 2)
        {
            byte type = pending[0];
            if (type == (byte)'0' || type == (byte)'1')
            {
                int numbers = type == (byte)'0' ? 1 : 2;
                int at = 2;
                var values = new List<int>();
                for (int i = 0; i < numbers; i++)
                {
                    int colon = pending.IndexOf((byte)':', at);
                    if (colon < 0)
                    {
                        return null;
                    }

                    values.Add(int.Parse(Encoding.ASCII.GetString(pending.GetRange(at, colon - at).ToArray()), System.Globalization.CultureInfo.InvariantCulture));
                    at = colon + 1;
                }

                if (type == (byte)'1')
                {
                    pending.RemoveRange(0, at);
                    continue;
                }

                if (pending.Count < at + values[0])
                {
                    return null;
                }

                byte[] data = pending.GetRange(at, values[0]).ToArray();
                pending.RemoveRange(0, at + values[0]);
                return data;
            }

            pending.RemoveAt(0);
        }

        return null;
    }
}
