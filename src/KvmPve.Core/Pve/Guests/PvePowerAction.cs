namespace KvmPve
{
    /// <summary>What a lifecycle cmdlet asks of a guest; each maps to one status/… endpoint.</summary>
    public enum PvePowerAction
    {
        Start,

        /// <summary>Graceful: PVE's shutdown.</summary>
        Shutdown,

        /// <summary>At once: PVE's stop (power off).</summary>
        Stop,

        Reboot,

        /// <summary>Hard reset; qemu only.</summary>
        Reset,

        Suspend,

        Resume,
    }
}
