# Starts, stops and drives the Nano Banana emulator (tests/NanoBanana.Emulator) for the Pester suite, the demo and
# the benchmarks. The emulator prints its base URL, demo key, CDN URL and forward proxy URL on its first lines and
# exits when its standard input closes, so a test run that dies cannot leave it running.

Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent

function Start-NbEmulator {
    [CmdletBinding()]
    param(
        [int] $LatencyMs = 100,
        [string[]] $ArgumentList = @(),
        [string] $Configuration = 'Release'
    )

    $dll = Join-Path $script:RepoRoot "tests/NanoBanana.Emulator/bin/$Configuration/net10.0/NanoBanana.Emulator.dll"
    if (-not (Test-Path $dll)) {
        throw "The emulator is not built ($dll). Run: dotnet pwsh ./build.ps1 -Task Test"
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--latency-ms', $LatencyMs, '--exit-on-stdin-close') + $ArgumentList) {
        $start.ArgumentList.Add([string]$argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($start)

    $settings = @{}
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($settings.Count -lt 4) {
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $line.Result) {
            $process.Kill()
            throw 'The emulator did not print its address within 30 seconds.'
        }
        if ($line.Result -match '^(NANO_BANANA_BASE_URL|NANO_BANANA_API_KEY|NB_EMULATOR_CDN|NB_EMULATOR_PROXY)=(.+)$') {
            $settings[$Matches[1]] = $Matches[2]
        }
    }
    # Keep reading its output so the emulator never blocks on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)

    $baseUrl = $settings['NANO_BANANA_BASE_URL']
    [pscustomobject]@{
        PSTypeName = 'NbEmulator'
        Process    = $process
        BaseUrl    = $baseUrl
        ApiKey     = $settings['NANO_BANANA_API_KEY']
        CdnUrl     = $settings['NB_EMULATOR_CDN']
        ProxyUrl   = $settings['NB_EMULATOR_PROXY']
        ControlUrl = ($baseUrl -replace '/api/v1$', '') + '/_emulator'
    }
}

function Stop-NbEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)

    $process = $Emulator.Process
    if ($process.HasExited) { return }
    $process.StandardInput.Close()
    if (-not $process.WaitForExit(5000)) {
        $process.Kill()
        $process.WaitForExit()
    }
}

# The emulator a test file talks to: the one the test run started (NB_TEST_EMULATOR_* variables), or one of its own.
function Use-NbEmulator {
    if ($env:NB_TEST_EMULATOR_BASE_URL) {
        $baseUrl = $env:NB_TEST_EMULATOR_BASE_URL
        return [pscustomobject]@{
            PSTypeName = 'NbEmulator'
            Process    = $null
            BaseUrl    = $baseUrl
            ApiKey     = $env:NB_TEST_EMULATOR_API_KEY
            CdnUrl     = $env:NB_TEST_EMULATOR_CDN
            ProxyUrl   = $env:NB_TEST_EMULATOR_PROXY
            ControlUrl = ($baseUrl -replace '/api/v1$', '') + '/_emulator'
        }
    }
    Start-NbEmulator
}

function Invoke-NbEmulatorControl {
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $request = @{ Method = $Method; Uri = $Emulator.ControlUrl + $Path; ContentType = 'application/json' }
    if ($null -ne $Body) { $request.Body = $Body | ConvertTo-Json -Depth 10 -Compress }
    # Invoke-RestMethod emits a JSON array as one object; emit its items one by one like any PowerShell command.
    $response = Invoke-RestMethod @request
    $response
}

# A new account with its own key, so tests never see each other's credits, requests or faults.
function New-NbTestAccount {
    param([Parameter(Mandatory)] $Emulator, [hashtable] $Spec = @{})
    Invoke-NbEmulatorControl $Emulator POST '/accounts' $Spec
}

function Get-NbTestAccount {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Key)
    Invoke-NbEmulatorControl $Emulator GET "/accounts/$Key"
}

function Add-NbTestFault {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Fault)
    Invoke-NbEmulatorControl $Emulator POST '/faults' $Fault
}

# What the emulator received, oldest first. -Key filters API requests by bearer key (and CDN requests by image owner).
function Get-NbTestRequest {
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $Key,
        [ValidateSet('api', 'cdn', 'proxy')] [string] $Origin,
        [string] $Method,
        [string] $Path
    )
    $query = @()
    foreach ($name in 'Key', 'Origin', 'Method', 'Path') {
        $value = Get-Variable -Name $name -ValueOnly
        if ($value) { $query += '{0}={1}' -f $name.ToLowerInvariant(), [Uri]::EscapeDataString($value) }
    }
    $suffix = if ($query) { '?' + ($query -join '&') } else { '' }
    Invoke-NbEmulatorControl $Emulator GET "/requests$suffix"
}

Export-ModuleMember -Function Start-NbEmulator, Stop-NbEmulator, Use-NbEmulator, Invoke-NbEmulatorControl, New-NbTestAccount, Get-NbTestAccount, Add-NbTestFault, Get-NbTestRequest
