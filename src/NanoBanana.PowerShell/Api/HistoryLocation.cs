using System;
using System.IO;
using System.Runtime.InteropServices;

namespace NanoBanana.Api;

/// <summary>
/// Where the history lives: the file NANO_BANANA_HISTORY names (a leading ~ is the home folder), none when it says
/// "off", else %LOCALAPPDATA%\NanoBanana\history.jsonl on Windows and $XDG_DATA_HOME/NanoBanana/history.jsonl or
/// ~/.local/share/NanoBanana/history.jsonl elsewhere.
/// </summary>
internal static class HistoryLocation
{
    public const string Variable = "NANO_BANANA_HISTORY";
    public const string Off = "off";
    private const string FileName = "history.jsonl";

    /// <summary>The history file for this process's environment; null when the history is off.</summary>
    public static string? Resolve() => Resolve(
        Environment.GetEnvironmentVariable(Variable),
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData),
        Environment.GetEnvironmentVariable("XDG_DATA_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public static string? Resolve(string? setting, bool windows, string? localAppData, string? xdgDataHome, string home)
    {
        var value = setting?.Trim();
        if (string.Equals(value, Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(value))
        {
            if (value is "~" || value!.StartsWith("~/", StringComparison.Ordinal)
                || value.StartsWith("~\\", StringComparison.Ordinal))
            {
                value = Path.Combine(home, value.Substring(Math.Min(2, value.Length)));
            }

            return Path.GetFullPath(value);
        }

        var folder = windows && !string.IsNullOrEmpty(localAppData) ? localAppData!
            : !windows && xdgDataHome is { Length: > 0 } xdg && Path.IsPathRooted(xdg) ? xdg
            : Path.Combine(home, ".local", "share");
        return Path.Combine(folder, "NanoBanana", FileName);
    }
}
