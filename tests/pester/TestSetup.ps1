# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module and the emulator helpers, points the module
# at the emulator, and clears any key the environment carries so each test chooses its own.

$RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$ModuleManifest = Join-Path $RepoRoot 'out/NanoBanana/NanoBanana.psd1'
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $PSScriptRoot 'NbEmulator.psm1') -Force
Import-Module (Join-Path $RepoRoot 'tools/Pwsh.psm1') -Force

$Emulator = Use-NbEmulator
$env:NANO_BANANA_BASE_URL = $Emulator.BaseUrl
Remove-Item Env:NANO_BANANA_API_KEY, Env:NB_API_KEY -ErrorAction Ignore
Disconnect-NbAccount
# The history goes to this file's test drive, never to the user's data folder; runspaces and child processes inherit it.
$env:NANO_BANANA_HISTORY = Join-Path $TestDrive 'history.jsonl'

# A fresh account with its own key, fast by default, so tests never share credits, requests or faults.
function New-TestAccount([hashtable] $Spec = @{}) {
    $defaults = @{ latencyMs = 100; heartbeatMs = 2000; credits = 100 }
    foreach ($name in $Spec.Keys) { $defaults[$name] = $Spec[$name] }
    New-NbTestAccount $Emulator $defaults
}

# A fresh account (see New-TestAccount) whose key becomes NANO_BANANA_API_KEY, so the module and every new runspace
# use it. Each test that calls it replaces the last test's key; tests about missing keys clear it themselves.
function Use-TestAccount([hashtable] $Spec = @{}) {
    $account = New-TestAccount $Spec
    $env:NANO_BANANA_API_KEY = $account.key
    $account
}

# A path for a test's own output folder under the block's $TestDrive, not created yet and used by no other test.
function New-TestFolderPath([string] $Name = 'art') {
    $script:TestFolderCount++
    Join-Path $TestDrive "$Name-$script:TestFolderCount"
}

function Add-Fault([hashtable] $Fault) { Add-NbTestFault $Emulator $Fault }

function Get-Requests {
    param([string] $Key, [string] $Origin, [string] $Method, [string] $Path)
    $filter = @{}
    foreach ($name in 'Key', 'Origin', 'Method', 'Path') {
        if ($PSBoundParameters.ContainsKey($name)) { $filter[$name] = $PSBoundParameters[$name] }
    }
    Get-NbTestRequest $Emulator @filter
}

function Get-Credits([string] $Key) { (Get-NbTestAccount $Emulator $Key).credits }

# A PowerShell with its own runspace that imports the module and then runs the script with the arguments. One script,
# not a batch of statements: stopping a batch can crash PowerShell.
function New-ModuleRunspace([scriptblock] $Script, [object[]] $ArgumentList = @()) {
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$($ModuleManifest -replace "'", "''")'`n& { $Script } @args")
    foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
    $ps
}

# Runs a script in a new runspace with the module loaded and returns everything it wrote, by stream, including the
# progress records that the console would show as a bar.
function Invoke-Captured {
    param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @())
    $ps = New-ModuleRunspace $Script $ArgumentList
    try {
        $output = $ps.Invoke()
        [pscustomobject]@{
            Output      = @($output)
            Errors      = @($ps.Streams.Error)
            Progress    = @($ps.Streams.Progress)
            Verbose     = @($ps.Streams.Verbose)
            Warning     = @($ps.Streams.Warning)
            Information = @($ps.Streams.Information)
        }
    }
    finally {
        $ps.Dispose()
    }
}

# Runs a script and returns what it emitted and every error it wrote or threw (terminating errors end the script).
function Invoke-Collecting([scriptblock] $Script) {
    $output = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    try {
        & $Script 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
        }
    }
    catch {
        $errors.Add($_)
    }
    [pscustomobject]@{ Output = $output.ToArray(); Errors = $errors.ToArray() }
}

# Asserts that an error record has the module's error id and category, and that it names no key.
function Assert-NbError {
    param([Parameter(Mandatory)] $ErrorRecord, [Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $Category)
    $ErrorRecord | Should -Not -BeNullOrEmpty
    $ErrorRecord.FullyQualifiedErrorId | Should -BeLike "$Id,*"
    $ErrorRecord.CategoryInfo.Category | Should -Be $Category
    "$ErrorRecord $($ErrorRecord.Exception)" | Should -Not -Match 'nb_[0-9a-f]{8}'
}

# Runs a script in a new PowerShell process with extra environment variables (for settings .NET reads once per
# process, such as HTTP_PROXY) and returns its output lines.
function Invoke-FreshPowerShell([string] $Script, [hashtable] $Environment = @{}) {
    $start = New-PwshStartInfo '-Command', "Import-Module '$ModuleManifest'; $Script"
    foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy') { $null = $start.Environment.Remove($name) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $process = [Diagnostics.Process]::Start($start)
    $errorText = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ Output = $output.Trim() -split "`r?`n"; Error = $errorText.Result; ExitCode = $process.ExitCode }
}
