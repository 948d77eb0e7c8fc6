using System.Collections;
using System.Linq;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// Checks on piped objects, for the cmdlets whose parameters PowerShell would otherwise fill with any object turned
/// into text: a process, a hashtable or a number would reach the service as a "generation id" made of a type name.
/// </summary>
internal static class PipelineInput
{
    /// <summary>"a System.Diagnostics.Process", "$null": how an error names what was piped.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "$null",
        IDictionary => $"a {value.GetType().FullName} (for named values use [pscustomobject]@{{ ... }})",
        _ => $"a {value.GetType().FullName}",
    };

    /// <summary>
    /// Whether the piped object can stand for generation ids: a string, an array of strings, or an object whose Id or
    /// GenerationId is text (an NbGeneration, an NbImage, a CSV row). If not, writes an NbInvalidRequest error naming
    /// its type.
    /// </summary>
    public static bool IsGenerationId(NbCmdlet cmdlet, PSObject? input)
    {
        if (!cmdlet.MyInvocation.ExpectingInput || IsText(input?.BaseObject) || AllText(input?.BaseObject)
            || IsText(input?.Properties["Id"]?.Value) || IsText(input?.Properties["GenerationId"]?.Value))
        {
            return true;
        }

        var message = $"{cmdlet.MyInvocation.MyCommand.Name} cannot use {Describe(input?.BaseObject)} as a generation "
            + "id. Pipe ids as strings, or the NbGeneration objects of New-NbImage -Mode Async, or give -Id. Nothing "
            + "was sent.";
        cmdlet.WriteApiError(new NbApiException(NbErrorKind.InvalidRequest, message), input);
        return false;
    }

    private static bool IsText(object? value) => value is not null && PSObject.AsPSObject(value).BaseObject is string;

    private static bool AllText(object? value) => value is object[] items && items.Length > 0 && items.All(IsText);
}
