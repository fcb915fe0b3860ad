namespace KvmPve.Errors
{
    /// <summary>
    /// What went wrong, named like PowerShell's ErrorCategory values so the cmdlet layer maps them one to one
    /// (Core has no PowerShell reference).
    /// </summary>
    public enum ErrorKind
    {
        NotSpecified,
        InvalidArgument,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        ResourceBusy,
        ConnectionError,
        ResourceUnavailable,
        OperationTimeout,
        SecurityError,
        InvalidResult,
        InvalidOperation,
        OperationStopped,
        ResourceExists,
        WriteError,
        ReadError,
    }
}
