using System;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>The one place Core's failures become PowerShell error records.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(KvmPveException exception, object? target) =>
            new ErrorRecord(exception, exception.ErrorId, Category(exception.Kind), target);

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target) =>
            new ErrorRecord(new InvalidOperationException(message), errorId, category, target);

        private static ErrorCategory Category(ErrorKind kind) =>
            Enum.TryParse(kind.ToString(), out ErrorCategory category) ? category : ErrorCategory.NotSpecified;
    }
}
