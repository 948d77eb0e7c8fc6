# Runs the Pester suite in this (fresh) PowerShell process and writes the counts to a JSON file for build.ps1.
# The emulator to test against comes from the NB_TEST_EMULATOR_* environment variables (see NbEmulator.psm1).
# The whole run is recorded in a transcript, and one more check fails if any key the emulator saw appears in it.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string[]] $Path = @($PSScriptRoot)
)

Import-Module $PesterManifest
# No test writes the user's history: each file points it at its test drive (TestSetup.ps1), and this is the fallback.
$env:NANO_BANANA_HISTORY = Join-Path (Split-Path $ResultFile) 'history.jsonl'
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'

$transcript = [IO.Path]::ChangeExtension($ResultFile, '.transcript.txt')
$null = Start-Transcript -LiteralPath $transcript -Force
try {
    $result = Invoke-Pester -Configuration $config
}
finally {
    $null = Stop-Transcript
}

$control = ($env:NB_TEST_EMULATOR_BASE_URL -replace '/api/v1$', '') + '/_emulator'
$log = Invoke-RestMethod "$control/requests"
$keys = @($log.key | Where-Object { $_ } | Sort-Object -Unique)
$text = Get-Content -LiteralPath $transcript -Raw
$leaked = @($keys | Where-Object { $text.Contains($_) })
if ($leaked) {
    Write-Host "[-] Key scan: $($leaked.Count) of the $($keys.Count) keys used in this run appear in the transcript $transcript"
}
else {
    Write-Host "[+] Key scan: none of the $($keys.Count) keys used in this run appears in the transcript of the whole suite"
}

[pscustomobject]@{
    Passed  = $result.PassedCount + [int](-not $leaked)
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount + [int][bool]$leaked
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $ResultFile
