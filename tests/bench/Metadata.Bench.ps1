# Save-NbImage with the provenance record embedded (the default) against -NoMetadata, on the same images.
# Dot-sourced by Invoke-Bench.ps1; needs the module imported and an emulator from NbEmulator.psm1.

$MetadataBenchMethod = '- **Metadata**: the same {0} images of {1} MB (real PNGs) saved by `Save-NbImage -ThrottleLimit 4`
  with the provenance record embedded (the default) and with `-NoMetadata`, in {2} rounds that run both back to
  back, alternating which goes first; the ratio is the median of each round''s throughput with metadata over
  throughput without.'

function Invoke-MetadataBench($emulator, $work, [int] $Images = 24, [int] $ImageMB = 2, [int] $Rounds = 9) {
    $account = New-NbTestAccount $emulator @{ credits = 1000; latencyMs = 10; imageBytes = $ImageMB * 1MB; imageWidth = 1024 }
    $generations = @(1..$Images | ForEach-Object { "bench metadata $_" } | New-NbImage -ThrottleLimit 4 -ApiKey $account.key)
    $save = {
        param([string] $Folder, [switch] $NoMetadata)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $files = @($generations | Save-NbImage -Path $Folder -ThrottleLimit 4 -NoMetadata:$NoMetadata)
        $ms = $clock.Elapsed.TotalMilliseconds
        if ($files.Count -ne $Images) { throw "Save-NbImage saved $($files.Count) of $Images images." }
        Remove-Item -LiteralPath $Folder -Recurse -Force
        $ms
    }
    $null = & $save (Join-Path $work 'metadata-warm')
    $with = @(); $without = @()
    foreach ($round in 1..$Rounds) {
        # Alternating which goes first, so neither always runs after the other's clean-up.
        if ($round % 2) { $with += & $save (Join-Path $work "metadata-with-$round") }
        $without += & $save (Join-Path $work "metadata-without-$round") -NoMetadata
        if (-not ($round % 2)) { $with += & $save (Join-Path $work "metadata-with-$round") }
    }
    $median = { param([double[]] $values) ($values | Sort-Object)[[int][Math]::Floor($values.Count / 2)] }
    $ratio = & $median (0..($Rounds - 1) | ForEach-Object { $without[$_] / $with[$_] })
    $mbps = { param($ms) '{0:0} MB/s' -f ($Images * $ImageMB / ($ms / 1000)) }
    [pscustomobject]@{ Benchmark = "Metadata: Save-NbImage, $Images x $ImageMB MB, record embedded"; Measured = & $mbps (& $median $with); Versus = 'throughput with -NoMetadata'; Ratio = '{0:0.00}x' -f $ratio; Target = '>= 0.90x' }
    [pscustomobject]@{ Benchmark = 'Metadata: Save-NbImage -NoMetadata, same images'; Measured = & $mbps (& $median $without); Versus = ''; Ratio = ''; Target = '' }
}
