# The soak run (build.ps1 -Task Soak): thousands of requests through every cmdlet against the emulator, with a few
# percent of them hit by a random injected fault. It fails when a failure surfaces as anything but one of the
# module's Nb* errors, when a prompt was charged twice, when the balance disagrees with what was charged, or when
# memory keeps growing.
param(
    [int] $Operations = 3000,
    [double] $FaultPercent = 4,
    [int] $Seed = 20261125,
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
Import-Module (Join-Path $root 'tests/pester/NbEmulator.psm1') -Force
Import-Module (Join-Path $root 'out/NanoBanana/NanoBanana.psd1') -Force

$emulator = Start-NbEmulator -Configuration $Configuration -LatencyMs 20
$art = Join-Path ([IO.Path]::GetTempPath()) "nb-soak-$([guid]::NewGuid().ToString('N'))"
$random = [Random]::new($Seed)
try {
    $startCredits = 1000000
    $account = New-NbTestAccount $emulator @{ credits = $startCredits; latencyMs = 20; heartbeatMs = 15; streamEarlyId = $true; progressSteps = @(50); jpegEvery = 3 }
    $key = $account.key
    $env:NANO_BANANA_BASE_URL = $emulator.BaseUrl
    $env:NANO_BANANA_HISTORY = Join-Path $art 'history.jsonl'
    Connect-NbAccount -ApiKey $key
    $ProgressPreference = 'SilentlyContinue'

    $faults = @(
        @{ match = @{ key = $key; path = '/credits' }; kind = 'status'; status = 503 }
        @{ match = @{ key = $key; path = '/credits' }; kind = 'reset' }
        @{ match = @{ key = $key; path = '/credits' }; kind = 'malformedJson' }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'busy' }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'status'; status = 429; headers = @{ 'Retry-After' = '0' } }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'reset'; charge = $true }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'status'; status = 500; charge = $true }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'outcome'; outcome = 'failed' }
        @{ match = @{ key = $key; method = 'POST' }; kind = 'outcome'; outcome = 'rejected' }
        @{ match = @{ key = $key; mode = 'stream' }; kind = 'stream'; cutAfterEvents = 1 }
        @{ match = @{ key = $key; mode = 'stream' }; kind = 'stream'; split = $true; junk = $true; lineEnding = 'crlf' }
        @{ match = @{ key = $key; path = '/generate'; method = 'GET' }; kind = 'status'; status = 502 }
        @{ match = @{ origin = 'cdn'; key = $key }; kind = 'reset'; afterBytes = 1000 }
        @{ match = @{ origin = 'cdn'; key = $key }; kind = 'status'; status = 404 }
    )
    $common = @{ RetryIntervalSec = 0; MaximumRetryCount = 2 }
    $lastGeneration = $null
    $operationsByName = [ordered]@{}
    $errorsById = [ordered]@{}
    $unexpected = [System.Collections.Generic.List[string]]::new()
    $faultsArmed = 0
    $memory = [System.Collections.Generic.List[object]]::new()
    $clock = [Diagnostics.Stopwatch]::StartNew()

    for ($n = 1; $n -le $Operations; $n++) {
        if ($random.NextDouble() * 100 -lt $FaultPercent) {
            $null = Add-NbTestFault $emulator $faults[$random.Next($faults.Count)]
            $faultsArmed++
        }

        $pick = $random.Next(100)
        $name, $script = switch ($pick) {
            { $_ -lt 30 } { 'Get-NbCredit', { Get-NbCredit @common }; break }
            { $_ -lt 50 } { 'New-NbImage Sync', { New-NbImage "soak $n" @common -TimeoutSec 5 }; break }
            { $_ -lt 70 } { 'New-NbImage Stream', { New-NbImage "soak $n" -Mode Stream -StreamIdleTimeoutSec 2 @common -TimeoutSec 5 }; break }
            { $_ -lt 80 } { 'New-NbImage Async | Wait-NbGeneration', { New-NbImage "soak $n" -Mode Async @common | Wait-NbGeneration -PollIntervalSec 0.05 -TimeoutSec 5 }; break }
            { $_ -lt 95 } { 'Save-NbImage', { if ($lastGeneration) { $lastGeneration | Save-NbImage -Path $art -Force @common } }; break }
            default { 'Get-NbGeneration', { if ($lastGeneration) { Get-NbGeneration -Id $lastGeneration.Id @common } }; break }
        }
        $operationsByName[$name] = 1 + [int]$operationsByName[$name]

        $records = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        try {
            & $script 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $records.Add($_) }
                elseif ($_ -is [NanoBanana.NbGeneration] -and $_.Status -eq 'Completed') { $lastGeneration = $_ }
            }
        }
        catch {
            $records.Add($_)
        }
        foreach ($record in $records) {
            $id = $record.FullyQualifiedErrorId.Split(',')[0]
            $errorsById[$id] = 1 + [int]$errorsById[$id]
            if ($id -notlike 'Nb*' -or $record.Exception -isnot [NanoBanana.Api.NbApiException] -and $id -notin 'NbGenerationNotReady') {
                $unexpected.Add("$name -> $id $($record.Exception.GetType().FullName): $($record.Exception.Message)")
            }
        }

        if ($n % [Math]::Max(1, [int]($Operations / 10)) -eq 0) {
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            $memory.Add([pscustomobject]@{
                    Operations = $n
                    ManagedMB  = [Math]::Round([GC]::GetTotalMemory($true) / 1MB, 1)
                    WorkingSetMB = [Math]::Round([Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB, 1)
                })
        }
    }
    $elapsed = $clock.Elapsed

    $requests = @(Get-NbTestRequest $emulator -Key $key)
    $generations = @(Invoke-NbEmulatorControl $emulator GET "/generations?key=$key")
    $charged = ($generations | Measure-Object creditsUsed -Sum).Sum
    $balance = (Get-NbTestAccount $emulator $key).credits
    $doubleCharged = @($generations | Group-Object prompt | Where-Object Count -GT 1)
    $firstManaged = $memory[1].ManagedMB
    $lastManaged = $memory[-1].ManagedMB

    Write-Host "`nSoak: $Operations operations in $([int]$elapsed.TotalSeconds) s, $($requests.Count) requests to the emulator, $faultsArmed faults armed ($FaultPercent% of operations), seed $Seed"
    $operationsByName.GetEnumerator() | ForEach-Object { [pscustomobject]@{ Operation = $_.Key; Count = $_.Value } } | Format-Table | Out-Host
    $errorsById.GetEnumerator() | ForEach-Object { [pscustomobject]@{ ErrorId = $_.Key; Count = $_.Value } } | Format-Table | Out-Host
    $memory | Format-Table | Out-Host
    Write-Host "Generations created: $($generations.Count); credits charged: $charged; balance $balance of $startCredits"

    $problems = @()
    if ($unexpected.Count) { $problems += "$($unexpected.Count) failures were not Nb* errors:`n  " + (($unexpected | Select-Object -First 10) -join "`n  ") }
    if ($doubleCharged) { $problems += "prompts charged more than once: $(($doubleCharged.Name) -join ', ')" }
    if ($balance -ne $startCredits - $charged) { $problems += "the balance $balance is not $startCredits minus the $charged credits charged" }
    if ($lastManaged - $firstManaged -gt 20) { $problems += "managed memory grew from $firstManaged MB to $lastManaged MB" }
    if ($problems) {
        $problems | ForEach-Object { Write-Host "Soak failed: $_" }
        exit 1
    }
    Write-Host 'Soak passed: every failure was an Nb* error, no prompt was charged twice, the balance adds up, memory stayed flat.'
}
finally {
    Disconnect-NbAccount
    Stop-NbEmulator $emulator
    Remove-Item -LiteralPath $art -Recurse -Force -ErrorAction Ignore
}
