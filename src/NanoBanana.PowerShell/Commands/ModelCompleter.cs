using System.Collections.Generic;
using System.Linq;

namespace NanoBanana.Commands;

/// <summary>Completes -Model with the names in the session's model catalog (read once, in about three seconds at most).</summary>
public sealed class ModelCompleter : NbCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<(string Value, string ToolTip)> Candidates() =>
        from model in NbServiceCmdlet.CatalogForCompletion()
        select (model.Name, $"{model.DisplayName}: {model.CreditsCost} credit(s){(model.RequiresPro ? ", Pro" : "")}");
}
