using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoBanana.Api;

/// <summary>What a generation will cost, and why, from the model catalog (the model's cost plus one credit per reference image beyond the first; docs/api.md, Credits).</summary>
internal readonly record struct CreditEstimate(int? Credits, string Explanation)
{
    /// <summary>The model the service uses when none is named; its documented default "nano-banana" is an alias of it.</summary>
    public const string DefaultModel = "gemini-2.5-flash-image";

    public static CreditEstimate For(IReadOnlyList<NbModel>? catalog, string? model, int referenceImages)
    {
        var name = string.IsNullOrEmpty(model) || string.Equals(
            model,
            "nano-banana",
            StringComparison.OrdinalIgnoreCase) ? DefaultModel : model!;
        if (catalog is null)
        {
            return new CreditEstimate(null, "cost unknown: the model catalog could not be read");
        }

        if (catalog.FirstOrDefault(m => string.Equals(
            m.Name,
            name,
            StringComparison.OrdinalIgnoreCase)) is not { } entry)
        {
            return new CreditEstimate(null, $"cost unknown: '{name}' is not in the catalog (see Get-NbModel)");
        }

        var extra = Math.Max(0, referenceImages - 1);
        var credits = entry.CreditsCost + extra;
        var why = extra == 0
            ? $"{Plural(credits)} for {entry.Name}"
            : $"{Plural(credits)}: {entry.CreditsCost} for {entry.Name} + {extra} for the extra reference " +
                $"image{(extra == 1 ? "" : "s")}";
        return new CreditEstimate(credits, why);
    }

    private static string Plural(int credits) => credits == 1 ? "1 credit" : $"{credits} credits";
}
