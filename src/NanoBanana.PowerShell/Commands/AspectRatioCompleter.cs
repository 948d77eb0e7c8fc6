using System.Collections.Generic;
using System.Linq;

namespace NanoBanana.Commands;

/// <summary>Offers the aspect ratios the service is known to accept; others can still be typed.</summary>
public sealed class AspectRatioCompleter : NbCompleter
{
    private static readonly (string Ratio, string Shape)[] Known =
    [
        ("1:1", "square"), ("16:9", "landscape"), ("9:16", "portrait"), ("4:3", "landscape"), ("3:4", "portrait"),
        ("3:2", "landscape"), ("2:3", "portrait"), ("5:4", "landscape"), ("4:5", "portrait"), ("21:9", "wide"),
        ("4:1", "banner, nanobanan models"), ("1:4", "tall banner, nanobanan models"),
        ("8:1", "banner, nanobanan models"), ("1:8", "tall banner, nanobanan models"),
        ("auto", "the model decides"), ("default", "the service's default"),
    ];

    /// <inheritdoc/>
    protected override IEnumerable<(string Value, string ToolTip)> Candidates() =>
        Known.Select(known => (known.Ratio, $"{known.Ratio} ({known.Shape})"));
}
