# The benchmark (build.ps1 -Task Bench): the module against the alternatives a user has, on the emulator over
# loopback, in one run so the ratios share the machine's conditions. Absolute times on shared machines are noise;
# the ratios are the result. Writes the table to docs/benchmarks.md.
param(
    [int] $Calls = 300,
    [int] $Rounds = 7,
    [int] $BatchSize = 64,
    [int] $BatchLatencyMs = 1000,
    [int] $ThrottleLimit = 16,
    [int] $Images = 20,
    [int] $ImageMB = 20,
    [string] $Configuration = 'Release',
    [string] $Report = (Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'docs/benchmarks.md')
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$manifest = Join-Path $root 'out/NanoBanana/NanoBanana.psd1'
Import-Module (Join-Path $root 'tests/pester/NbEmulator.psm1') -Force
Import-Module (Join-Path $root 'tools/Pwsh.psm1') -Force
Import-Module $manifest -Force
. (Join-Path $PSScriptRoot 'Metadata.Bench.ps1')
. (Join-Path $PSScriptRoot 'Gallery.Bench.ps1')
. (Join-Path $PSScriptRoot 'History.Bench.ps1')

# Runs a script in a new PowerShell process (so memory and start-up are its own) and returns its JSON answer.
function Invoke-Fresh([string] $Script) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    (Invoke-Pwsh -EncodedCommand $encoded) -join "`n" | ConvertFrom-Json
}

function Format-Ratio([double] $Value) { '{0:0.00}x' -f $Value }

# Lets the disk write what earlier benchmarks left in memory (hundreds of MB of images), so that rows which flush to
# disk or read a large file do not pay for it.
function Wait-DiskWritten { if (Get-Command sync -CommandType Application -ErrorAction Ignore) { & sync } }

$emulator = Start-NbEmulator -Configuration $Configuration -LatencyMs $BatchLatencyMs
$results = [System.Collections.Generic.List[object]]::new()
$work = Join-Path ([IO.Path]::GetTempPath()) "nb-bench-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory $work
try {
    $env:NANO_BANANA_BASE_URL = $emulator.BaseUrl
    $env:NANO_BANANA_HISTORY = Join-Path $work 'history.jsonl'
    $account = New-NbTestAccount $emulator @{ credits = 1000000; latencyMs = $BatchLatencyMs; maxAsyncTasks = 1000 }
    $key = $account.key
    Connect-NbAccount -ApiKey $key
    $url = "$($emulator.BaseUrl)/credits"
    $headers = @{ Authorization = "Bearer $key" }
    $session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
    $curlConfig = Join-Path $work 'curl.config'
    Set-Content $curlConfig -Value ((1..$Calls | ForEach-Object { "url = `"$url`"`noutput = `"/dev/null`"" }) + "header = `"Authorization: Bearer $key`"" + 'silent')

    # 1. Per-call overhead on GET /credits (no server-side latency).
    Write-Host "Per-call: $Calls calls x $Rounds rounds each of Get-NbCredit, Invoke-RestMethod (with and without -WebSession), curl"
    foreach ($warm in 1..20) { $null = Get-NbCredit; $null = Invoke-RestMethod $url -Headers $headers; $null = Invoke-RestMethod $url -Headers $headers -WebSession $session }
    # Interleaved: each round measures every client back to back, and the ratios are the medians of each round's ratios.
    $timed = @{ ours = @(); irm = @(); irmSession = @(); curlReuse = @() }
    foreach ($round in 1..$Rounds) {
        $timed.ours += (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { $null = Get-NbCredit } }).TotalMilliseconds
        $timed.irm += (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { $null = Invoke-RestMethod $url -Headers $headers } }).TotalMilliseconds
        $timed.irmSession += (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { $null = Invoke-RestMethod $url -Headers $headers -WebSession $session } }).TotalMilliseconds
        $timed.curlReuse += (Measure-Command { & curl -K $curlConfig }).TotalMilliseconds
    }
    $median = { param([double[]] $values) ($values | Sort-Object)[[int][Math]::Floor($values.Count / 2)] }
    $ratio = { param($other) & $median (0..($Rounds - 1) | ForEach-Object { $timed.ours[$_] / $timed.$other[$_] }) }
    $curlEach = (Measure-Command { for ($i = 0; $i -lt $Calls; $i++) { & curl -s -o /dev/null -H "Authorization: Bearer $key" $url } }).TotalMilliseconds
    $per = { param($ms) '{0:0.000} ms' -f ($ms / $Calls) }
    $results.Add([pscustomobject]@{ Benchmark = 'Per call: Get-NbCredit'; Measured = & $per (& $median $timed.ours); Versus = ''; Ratio = ''; Target = '' })
    $results.Add([pscustomobject]@{ Benchmark = 'Per call: Invoke-RestMethod'; Measured = & $per (& $median $timed.irm); Versus = 'Get-NbCredit / this'; Ratio = Format-Ratio (& $ratio irm); Target = '<= 0.50x' })
    $results.Add([pscustomobject]@{ Benchmark = 'Per call: Invoke-RestMethod -WebSession'; Measured = & $per (& $median $timed.irmSession); Versus = 'Get-NbCredit / this'; Ratio = Format-Ratio (& $ratio irmSession); Target = '' })
    $results.Add([pscustomobject]@{ Benchmark = 'Per call: curl, one process, connection reused'; Measured = & $per (& $median $timed.curlReuse); Versus = 'Get-NbCredit / this'; Ratio = Format-Ratio (& $ratio curlReuse); Target = '<= 2.00x' })
    $results.Add([pscustomobject]@{ Benchmark = 'Per call: curl, a process per call'; Measured = & $per $curlEach; Versus = 'Get-NbCredit / this'; Ratio = Format-Ratio ((& $median $timed.ours) / $curlEach); Target = '' })

    # 2. A batch against the emulator's latency: ideal is ceil(M/T) * L.
    Write-Host "Batch: $BatchSize prompts at $BatchLatencyMs ms latency, $ThrottleLimit at a time"
    $ideal = [Math]::Ceiling($BatchSize / $ThrottleLimit) * $BatchLatencyMs
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $batch = @(1..$BatchSize | ForEach-Object { "bench batch $_" } | New-NbImage -ThrottleLimit $ThrottleLimit)
    $batchMs = $clock.Elapsed.TotalMilliseconds
    if ($batch.Count -ne $BatchSize) { throw "The batch produced $($batch.Count) of $BatchSize generations." }
    $generateUrl = "$($emulator.BaseUrl)/generate"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $parallel = @(1..$BatchSize | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
            Invoke-RestMethod $using:generateUrl -Method Post -Headers $using:headers -ContentType 'application/json' -Body (@{ prompt = "bench parallel $_" } | ConvertTo-Json)
        })
    $parallelMs = $clock.Elapsed.TotalMilliseconds
    if ($parallel.Count -ne $BatchSize) { throw "ForEach-Object -Parallel produced $($parallel.Count) of $BatchSize answers." }
    $results.Add([pscustomobject]@{ Benchmark = "Batch: $BatchSize x New-NbImage -ThrottleLimit $ThrottleLimit"; Measured = '{0:0} ms' -f $batchMs; Versus = "ideal ceil(M/T)*L = $ideal ms"; Ratio = Format-Ratio ($batchMs / $ideal); Target = '<= 1.15x' })
    $results.Add([pscustomobject]@{ Benchmark = 'Batch: ForEach-Object -Parallel + Invoke-RestMethod'; Measured = '{0:0} ms' -f $parallelMs; Versus = 'New-NbImage / this'; Ratio = Format-Ratio ($batchMs / $parallelMs); Target = '' })

    # The same batch with a third of the submissions answered 503 server_busy (async mode, where the service says so).
    $busyAccount = New-NbTestAccount $emulator @{ credits = 1000000; latencyMs = $BatchLatencyMs; maxAsyncTasks = 1000 }
    $null = Add-NbTestFault $emulator @{ match = @{ key = $busyAccount.key; method = 'POST' }; kind = 'busy'; times = [int]($BatchSize / 3) }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $errors = @()
    $busy = @(1..$BatchSize | ForEach-Object { "bench busy $_" } | New-NbImage -Mode Async -Wait -ThrottleLimit $ThrottleLimit -ApiKey $busyAccount.key -ErrorVariable errors -ErrorAction SilentlyContinue)
    $busyMs = $clock.Elapsed.TotalMilliseconds
    $generations = @(Invoke-NbEmulatorControl $emulator GET "/generations?key=$($busyAccount.key)")
    $doubles = @($generations | Group-Object prompt | Where-Object Count -GT 1).Count
    $errorText = -join ($errors | ForEach-Object { " ($($_.FullyQualifiedErrorId.Split(',')[0]): $($_.Exception.Message))" })
    $results.Add([pscustomobject]@{ Benchmark = "Batch: $BatchSize async -Wait, a third answered 503"; Measured = ('{0:0} ms, {1} of {2} completed, {3} failed{4}, {5} double charges' -f $busyMs, @($busy | Where-Object Status -EQ 'Completed').Count, $BatchSize, $errors.Count, $errorText, $doubles); Versus = ''; Ratio = ''; Target = 'all complete, none charged twice' })

    # 3. Downloads: K images of S MB, ours and curl in parallel 8 at a time; peak memory of each process.
    Write-Host "Downloads: $Images images of $ImageMB MB"
    $imageAccount = New-NbTestAccount $emulator @{ credits = 1000; latencyMs = 10; imageBytes = $ImageMB * 1MB; imageWidth = 2048 }
    $downloads = @(1..$Images | ForEach-Object { "bench image $_" } | New-NbImage -ThrottleLimit 8 -ApiKey $imageAccount.key)
    $urls = @($downloads.Images.Url.AbsoluteUri)
    $null = & curl -s -o /dev/null -A warm-up $urls[0]
    $saveScript = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$manifest'
`$urls = '$($urls -join ' ')'.Split(' ')
`$null = `$urls[0] | Save-NbImage -Path (Join-Path '$work' 'warm')
[GC]::Collect()
`$process = [Diagnostics.Process]::GetCurrentProcess()
`$before = `$process.WorkingSet64
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$files = `$urls | Save-NbImage -Path (Join-Path '$work' 'ours') -ThrottleLimit 8
`$ms = `$clock.Elapsed.TotalMilliseconds
`$process.Refresh()
@{ Ms = `$ms; Files = @(`$files).Count; Bytes = (`$files | Measure-Object Length -Sum).Sum; PeakGrowthMB = (`$process.PeakWorkingSet64 - `$before) / 1MB } | ConvertTo-Json -Compress
"@
    $oursDownload = Invoke-Fresh $saveScript
    $curlArgs = @('--parallel', '--parallel-max', '8', '-s', '-A', 'bench') + ($urls | ForEach-Object -Begin { $n = 0 } -Process { '-o', (Join-Path $work "curl-$((++$n)).img"), $_ })
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $timeOutput = & /usr/bin/time -f '%M' curl @curlArgs 2>&1
    $curlMs = $clock.Elapsed.TotalMilliseconds
    $curlPeakMB = [double]"$($timeOutput | Select-Object -Last 1)" / 1024
    $totalMB = $Images * $ImageMB
    $oursMBps = $oursDownload.Bytes / 1MB / ($oursDownload.Ms / 1000)
    $curlMBps = $totalMB / ($curlMs / 1000)
    $results.Add([pscustomobject]@{ Benchmark = "Download: Save-NbImage, $Images x $ImageMB MB, 8 at a time"; Measured = ('{0:0} MB/s, peak memory +{1:0} MB' -f $oursMBps, $oursDownload.PeakGrowthMB); Versus = 'curl''s throughput'; Ratio = '{0:0}%' -f (100 * $oursMBps / $curlMBps); Target = '>= 80%, < 64 MB' })
    $results.Add([pscustomobject]@{ Benchmark = "Download: curl --parallel-max 8, same URLs"; Measured = ('{0:0} MB/s, peak memory {1:0} MB' -f $curlMBps, $curlPeakMB); Versus = ''; Ratio = ''; Target = '' })
    Invoke-MetadataBench $emulator $work | ForEach-Object { $results.Add($_) }

    # 4. Start-up: Import-Module and the first call in fresh processes, against a warm call.
    Write-Host 'Start-up: Import-Module, first and warm Get-NbModel in fresh processes'
    $startScript = @"
`$env:NANO_BANANA_BASE_URL = '$($emulator.BaseUrl)'
`$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module Microsoft.PowerShell.Archive
`$cold = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart()
Import-Module '$manifest'
`$import = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart(); `$null = Get-NbModel; `$first = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart(); `$null = Get-NbModel -Refresh; `$warm = `$clock.Elapsed.TotalMilliseconds
@{ Cold = `$cold; Import = `$import; First = `$first; Warm = `$warm } | ConvertTo-Json -Compress
"@
    $starts = foreach ($i in 1..$Rounds) { Invoke-Fresh $startScript }
    $startMedian = { param($name) & $median $starts.$name }
    $results.Add([pscustomobject]@{ Benchmark = 'Start-up: Import-Module NanoBanana'; Measured = '{0:0.0} ms' -f (& $startMedian Import); Versus = ''; Ratio = ''; Target = '< 50 ms' })
    $results.Add([pscustomobject]@{ Benchmark = 'Start-up: the first Import-Module of a process (the built-in Archive module)'; Measured = '{0:0.0} ms' -f (& $startMedian Cold); Versus = ''; Ratio = ''; Target = '' })
    $results.Add([pscustomobject]@{ Benchmark = 'Start-up: first Get-NbModel after import'; Measured = '{0:0.0} ms' -f (& $startMedian First); Versus = 'warm Get-NbModel -Refresh'; Ratio = Format-Ratio ((& $startMedian First) / (& $startMedian Warm)); Target = '< 150 ms' })
    $results.Add([pscustomobject]@{ Benchmark = 'Start-up: warm Get-NbModel -Refresh'; Measured = '{0:0.0} ms' -f (& $startMedian Warm); Versus = ''; Ratio = ''; Target = '' })

    Write-Host 'Gallery: Export-NbGallery on 1,000 images'
    $results.Add((Invoke-GalleryBench $emulator $work))
    Wait-DiskWritten
    . (Join-Path $PSScriptRoot 'Journal.Bench.ps1'); Measure-JournalBench $emulator $work | ForEach-Object { $results.Add($_) }

    Write-Host 'History: Get-NbHistory over 100,000 generations in fresh processes'
    Wait-DiskWritten
    foreach ($row in Measure-HistoryBench $emulator $work) { $results.Add($row) }
}
finally {
    Disconnect-NbAccount
    Stop-NbEmulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}

$results | Format-Table -AutoSize | Out-Host

$machine = "$(nproc) cores ($((Get-Content /proc/cpuinfo | Select-String -Pattern '^model name' | Select-Object -First 1).Line -replace '^model name\s*:\s*')), $([Math]::Round([double]((Get-Content /proc/meminfo -TotalCount 1) -replace '\D') / 1MB)) GiB, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion), curl $((& curl --version | Select-Object -First 1).Split(' ')[1])"
$table = @(
    '| Benchmark | Measured | Compared with | Ratio | Target |'
    '|---|---|---|---|---|'
    $results | ForEach-Object { "| $($_.Benchmark) | $($_.Measured) | $($_.Versus) | $($_.Ratio) | $($_.Target) |" }
)
$document = @"
# Benchmarks

Produced by ``dotnet pwsh ./build.ps1 -Task Bench`` (tests/bench/Invoke-Bench.ps1) on $(Get-Date -Format 'yyyy-MM-dd'), on $machine.

## Method

Everything runs in one go against the emulator (tests/NanoBanana.Emulator, Release build) over loopback, so every
ratio compares measurements taken under the same conditions on a shared, noisy machine; read the ratios, not the
absolute times.

- **Per call**: $Calls sequential ``GET /credits`` calls each way, after 20 warm-up calls, in $Rounds rounds that measure every
  client back to back (so drift on the machine hits all of them alike); times are medians, ratios the medians of
  each round's ratios. The clients:
  ``Get-NbCredit`` (key from Connect-NbAccount), ``Invoke-RestMethod`` with the Authorization header, the same with one
  ``-WebSession``, curl fetching all $Calls URLs in one process (one reused connection: the floor of HTTP on this
  machine), and curl started once per call (what a script calling curl in a loop pays). GET /credits has no
  simulated latency, so the times are the clients' own overhead plus the emulator's minimal handling.
- **Batch**: $BatchSize prompts through ``New-NbImage -ThrottleLimit $ThrottleLimit`` (sync mode) with the emulator taking
  $BatchLatencyMs ms per generation, against the ideal ``ceil(M/T) * L`` and against ``ForEach-Object -Parallel
  -ThrottleLimit $ThrottleLimit`` running ``Invoke-RestMethod -Method Post``. Then the same size in async mode with
  ``-Wait`` while the emulator answers 503 server_busy to a third of the submissions; the emulator's records tell
  whether any prompt was charged twice. Async mode polls the first time after 5 s, as the API's documentation
  advises, so that run is about correctness, not speed.
- **Downloads**: $Images images of $ImageMB MB (real PNGs) through ``Save-NbImage -ThrottleLimit 8`` in a fresh PowerShell
  process, against ``curl --parallel --parallel-max 8`` on the same URLs. Peak memory: the PowerShell process's peak
  working set minus its working set just before the downloads (after import and one warm-up save); curl's maximum
  resident set size from ``/usr/bin/time``.
$($MetadataBenchMethod -f 24, 2, 9)
- **Start-up**: in $Rounds fresh processes (medians): ``Import-Module NanoBanana`` once PowerShell's module system is warm,
  as it is in any interactive session (PSReadLine loads at start), by importing the built-in Archive module first
  (that first import is shown too: it is PowerShell's own one-time cost); then the first ``Get-NbModel`` (which reads
  the catalog) against a warm ``Get-NbModel -Refresh`` in the same process.
$GalleryBenchMethod
$JournalBenchMethod
$HistoryBenchMethod

## Latest results

$($table -join "`n")
"@
Set-Content -LiteralPath $Report -Value $document
Write-Host "Wrote $Report"
