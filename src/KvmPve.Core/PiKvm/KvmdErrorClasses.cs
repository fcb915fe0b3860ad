using System;
using KvmPve.Errors;

namespace KvmPve.PiKvm
{
    /// <summary>
    /// kvmd names every handled error by its Python class (<c>result.error</c>); most of them travel as 400, so the class,
    /// not the status, says what happened. Classes from kvmd v4.132: kvmd/plugins/*/__init__.py, kvmd/apps/kvmd/ugpio.py.
    /// </summary>
    internal static class KvmdErrorClasses
    {
        // Checked in order, by the end of the class name, so a new plugin's errors of the same family map alike.
        private static readonly (string Suffix, ErrorKind Kind)[] Families =
        {
            ("IsBusyError", ErrorKind.ResourceBusy),
            ("DriveLockedError", ErrorKind.ResourceBusy),
            ("DisabledError", ErrorKind.ResourceUnavailable),
            ("OfflineError", ErrorKind.ResourceUnavailable),
            ("NotSupported", ErrorKind.ResourceUnavailable),
            ("UnavailableError", ErrorKind.ResourceUnavailable),
            ("UnknownImageError", ErrorKind.ObjectNotFound),
            ("NotFoundError", ErrorKind.ObjectNotFound),
            ("ExistsError", ErrorKind.ResourceExists),
            // The drive's state forbids it (connected while it must not be, or the other way round).
            ("ConnectedError", ErrorKind.InvalidOperation),
            ("DisconnectedError", ErrorKind.InvalidOperation),
            ("ImageNotSelected", ErrorKind.InvalidOperation),
            ("ValidatorError", ErrorKind.InvalidArgument),
        };

        /// <summary>The kind for kvmd's error class, or null when the class is none kvmd's families name.</summary>
        public static ErrorKind? KindOf(string errorClass)
        {
            foreach ((string suffix, ErrorKind kind) in Families)
            {
                if (errorClass.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return kind;
                }
            }

            return null;
        }

        /// <summary>
        /// The error id: PiKvm + the class without "Error"; an unknown image keeps the id the client gives when it finds
        /// the image missing itself, so a script sees one id whichever side noticed.
        /// </summary>
        public static string IdOf(string errorClass) => errorClass == "MsdUnknownImageError"
            ? "PiKvmMsdImageNotFound"
            : "PiKvm" + (errorClass.EndsWith("Error", StringComparison.Ordinal) && errorClass.Length > 5 ? errorClass.Substring(0, errorClass.Length - 5) : errorClass);
    }
}
