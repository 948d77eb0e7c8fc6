using System.Collections.Generic;
using System.Linq;

namespace NanoBanana.Commands;

/// <summary>Completes -Id with the generation ids seen in this session, newest first.</summary>
public sealed class GenerationIdCompleter : NbCompleter
{
    /// <inheritdoc/>
    protected override IEnumerable<(string Value, string ToolTip)> Candidates() =>
        NbSession.Current.RecentIds().Select(id => (id, id));
}
