# Runs the Pester suite in this (fresh) PowerShell process and writes the counts to a JSON file for build.ps1.
# The emulator to test against comes from the NB_TEST_EMULATOR_* environment variables (see NbEmulator.psm1).
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string[]] $Path = @($PSScriptRoot)
)

Import-Module $PesterManifest
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $ResultFile
