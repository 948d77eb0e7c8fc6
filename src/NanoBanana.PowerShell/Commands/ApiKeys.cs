using System;
using System.Security;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>Where a cmdlet's key comes from: -ApiKey when given, else Connect-NbAccount, NANO_BANANA_API_KEY, NB_API_KEY.</summary>
internal static class ApiKeys
{
    /// <summary>
    /// The key given with -ApiKey. An empty one (null, '' or blank, as from an unset variable) is an error, never a
    /// reason to fall back to another key, which could bill another account.
    /// </summary>
    public static ApiKey Given(SecureString? explicitKey)
    {
        var text = explicitKey is null ? "" : NbServiceCmdlet.Reveal(explicitKey);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new NbApiException(
                NbErrorKind.Unauthorized,
                "-ApiKey was given, but it is empty (null, an empty string or blanks, as an unset variable gives). " +
                "The module does not fall back to another key, which could bill another account: pass the key, or " +
                "leave -ApiKey out to use Connect-NbAccount or the NANO_BANANA_API_KEY or NB_API_KEY environment " +
                "variable.");
        }

        return new ApiKey(text, "the -ApiKey parameter");
    }

    /// <summary>The key without -ApiKey, by precedence: Connect-NbAccount, NANO_BANANA_API_KEY, NB_API_KEY.</summary>
    public static ApiKey? FromSession(NbSession session)
    {
        if (session.Key is { } connected)
        {
            return connected;
        }

        foreach (var variable in new[] { NbServiceCmdlet.KeyVariable, NbServiceCmdlet.AlternateKeyVariable })
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return new ApiKey(value, $"the {variable} environment variable");
            }
        }

        return null;
    }
}
