namespace KvmPve
{
    /// <summary>The two kinds of PVE guest, each with its own API branch (qemu/… and lxc/…).</summary>
    public enum PveGuestType
    {
        Qemu,
        Lxc,
    }
}
