# Reading the history: Get-NbHistory over a file of 100,000 generations. Dot-sourced by Invoke-Bench.ps1, which
# calls Measure-HistoryBench and adds its rows and $HistoryBenchMethod to docs/benchmarks.md.

$HistoryBenchMethod = '- **History**: a history file of 100,000 generations in the format New-NbImage and Save-NbImage
  write (an intent and an outcome line each, with two image URLs; every fourth with a saved file; about 60 MB), read by
  `Get-NbHistory -Last 20` and by `Get-NbHistory` emitting all 100,000 (counted by `Measure-Object`), each the first
  call in a fresh PowerShell process after `Import-Module` (so it pays for JIT as a user''s first call does); medians
  of 3 processes. Reading always goes through the whole file, since a generation''s saved files may come last. Before
  the journal and history rows, and after the history file is written, `sync` lets the disk write what earlier rows
  left in memory.'

# Writes a history of $Entries generations, spread over the last 60 days, as the module writes it.
function Write-HistoryBenchFile([string] $Path, [int] $Entries) {
    $writer = [IO.StreamWriter]::new($Path, $false, [Text.UTF8Encoding]::new($false))
    try {
        $start = [DateTimeOffset]::UtcNow.AddDays(-60)
        $models = 'gemini-2.5-flash-image', 'nanobanan-2', 'gemini-3-pro-image-preview'
        for ($n = 0; $n -lt $Entries; $n++) {
            $entry = '{0:x32}' -f $n
            $id = 'cmbench{0:d18}' -f $n
            $time = $start.AddSeconds($n * 50).ToString('o')
            $model = $models[$n % 3]
            $writer.Write('{"type":"intent","entry":"' + $entry + '","time":"' + $time + '","prompt":"a watercolour fox number ' + $n +
                ' in a misty forest at dawn, soft light","model":"' + $model + '","aspectRatio":"16:9","mode":"Sync"}' + "`n")
            $writer.Write('{"type":"outcome","entry":"' + $entry + '","time":"' + $time + '","id":"' + $id +
                '","status":"Completed","credits":' + (1 + $n % 3) + ',"images":["https://cdn.example/images/' + $id +
                '-1.png","https://cdn.example/images/' + $id + '-2.png"],"createdAt":"' + $time + '"}' + "`n")
            if ($n % 4 -eq 0) {
                $writer.Write('{"type":"saved","time":"' + $time + '","id":"' + $id + '","index":1,"path":"/home/user/art/' + $id + '-1.png"}' + "`n")
            }
        }
    }
    finally {
        $writer.Dispose()
    }
}

function Measure-HistoryBench($emulator, $work, [int] $Entries = 100000, [int] $Rounds = 3) {
    $manifest = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'out/NanoBanana/NanoBanana.psd1'
    $path = Join-Path $work 'bench-history.jsonl'
    Write-HistoryBenchFile $path $Entries
    Wait-DiskWritten
    $script = @"
`$env:NANO_BANANA_HISTORY = '$path'
Import-Module '$manifest'
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$count = @(Get-NbHistory -Last 20).Count
`$last = `$clock.Elapsed.TotalMilliseconds
"@
    $full = @"
`$env:NANO_BANANA_HISTORY = '$path'
Import-Module '$manifest'
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$count = (Get-NbHistory | Measure-Object).Count
`$all = `$clock.Elapsed.TotalMilliseconds
"@
    $median = { param($values) $sorted = @($values | Sort-Object); $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)] }
    $lastMs = foreach ($i in 1..$Rounds) {
        [double](Invoke-Pwsh -Command "$script; `$last")
    }
    $allRuns = foreach ($i in 1..$Rounds) {
        $answer = (Invoke-Pwsh -Command "$full; ""`$all `$count""") -split ' '
        if ([int]$answer[1] -ne $Entries) { throw "Get-NbHistory read $($answer[1]) of $Entries generations." }
        [double]$answer[0]
    }
    $sizeMB = (Get-Item $path).Length / 1MB
    @(
        [pscustomobject]@{ Benchmark = ('History: Get-NbHistory -Last 20 over {0:N0} generations ({1:0} MB)' -f $Entries, $sizeMB); Measured = '{0:0} ms' -f (& $median $lastMs); Versus = ''; Ratio = ''; Target = '< 2 s' }
        [pscustomobject]@{ Benchmark = ('History: Get-NbHistory emitting all {0:N0} generations' -f $Entries); Measured = '{0:0} ms' -f (& $median $allRuns); Versus = ''; Ratio = ''; Target = '< 2 s' }
    )
}
