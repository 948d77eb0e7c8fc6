<#
.SYNOPSIS
    Builds, tests and demonstrates the NanoBanana module.
.DESCRIPTION
    Run it through the pinned PowerShell tool from the repository: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
      Build    the importable module folder out/NanoBanana (manifest, module DLL, dependency DLLs, views, help)
      Test     Build, Package, lint, the xunit suite and the Pester suite against the emulator; prints 'N passed, N failed' last
      Package  Build, then the PowerShell Gallery package out/repository/NanoBanana.<version>.nupkg
      Demo     Build, start the emulator and run the module against it the way a user would
      Soak     Build, then thousands of requests with injected faults (not part of Test; about a minute)
      Bench    Build, then the benchmarks against Invoke-RestMethod and curl; writes docs/benchmarks.md (about two minutes)
      Clean    remove out/ and the projects' bin/ and obj/ folders
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Soak', 'Bench', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'NanoBanana'
$PackageRepository = Join-Path $Out 'repository'
$ModuleProject = Join-Path $Root 'src/NanoBanana.PowerShell/NanoBanana.PowerShell.csproj'
$TestProject = Join-Path $Root 'tests/NanoBanana.Tests/NanoBanana.Tests.csproj'
$PesterVersion = '5.7.1'
Import-Module (Join-Path $Root 'tools/Pwsh.psm1') -Force

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'NanoBanana.psd1')).ModuleVersion
}

function Invoke-Build {
    $version = Get-ModuleVersion
    Invoke-Dotnet build $ModuleProject -c $Configuration "-p:Version=$version" --nologo -v quiet
    $bin = Join-Path $Root "src/NanoBanana.PowerShell/bin/$Configuration/netstandard2.0"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory $ModuleOut
    Copy-Item (Join-Path $Root 'NanoBanana.psd1'), (Join-Path $Root 'src/NanoBanana.PowerShell/NanoBanana.format.ps1xml'), (Join-Path $Root 'LICENSE') $ModuleOut
    Copy-Item (Join-Path $bin '*.dll') $ModuleOut
    # In a fresh process: the help generator imports the module it documents.
    Invoke-Pwsh -File (Join-Path $Root 'tools/help/New-NbHelp.ps1') -ModulePath $ModuleOut -XmlDocPath (Join-Path $bin 'NanoBanana.PowerShell.xml') -HelpSourcePath (Join-Path $Root 'docs/help') | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Generating the help failed with exit code $LASTEXITCODE." }
    $null = Test-ModuleManifest (Join-Path $ModuleOut 'NanoBanana.psd1')
    Write-Host "Built module $version in $ModuleOut"
}

# Publish-PSResource packs the module into a .nupkg only on its way to a registered repository, so the folder
# repository out/repository is registered under a one-off name for the publish and unregistered straight after.
function Publish-Package {
    if (Test-Path $PackageRepository) { Remove-Item $PackageRepository -Recurse -Force }
    $null = New-Item -ItemType Directory $PackageRepository
    $name = 'NanoBananaBuild-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    Register-PSResourceRepository -Name $name -Uri $PackageRepository -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Write-Host "Packaged $((Get-ChildItem $PackageRepository -Filter '*.nupkg').FullName)"
}

function Invoke-Package {
    Invoke-Build
    Publish-Package
}

# Each check counts as one test in the summary, so a lint failure still lets the suites run.
function Invoke-Lint {
    Write-Host 'Lint: dotnet format --verify-no-changes, code lines in src/ within 120 columns, files in Commands/ within 150 lines, PowerShell parser on every script'
    $failed = 0
    & dotnet format (Join-Path $Root 'NanoBanana.sln') --verify-no-changes --no-restore | Out-Host
    if ($LASTEXITCODE -ne 0) { Write-Host 'Lint failed: dotnet format found code to reformat (run: dotnet format NanoBanana.sln)'; $failed++ }
    # Doc comments are exempt: they are the help text, which the help build wraps itself.
    $long = @(Get-ChildItem (Join-Path $Root 'src') -Recurse -Filter '*.cs' |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
        Select-String -Pattern '^(?!\s*///).{121,}$')
    foreach ($line in $long) {
        Write-Host "Lint failed: $($line.Path):$($line.LineNumber) has $($line.Line.Length) characters (at most 120 in code)"
    }
    if ($long) { $failed++ }
    # A cmdlet file binds parameters and delegates; what grows past this belongs in its own type.
    $big = @(Get-ChildItem (Join-Path $Root 'src/NanoBanana.PowerShell/Commands') -Filter '*.cs' |
        Where-Object { @(Get-Content -LiteralPath $_.FullName).Count -gt 150 })
    foreach ($file in $big) {
        Write-Host "Lint failed: $($file.FullName) has $(@(Get-Content -LiteralPath $file.FullName).Count) lines (at most 150 in Commands/)"
    }
    if ($big) { $failed++ }
    $scripts = Get-ChildItem $Root -Recurse -Include '*.ps1', '*.psm1', '*.psd1' |
        Where-Object { $_.FullName -notmatch '[\\/](out|bin|obj)[\\/]' }
    foreach ($script in $scripts) {
        $tokens = $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($script.FullName, [ref]$tokens, [ref]$errors)
        if ($errors) { Write-Host "Lint failed: $($script.FullName): $($errors[0].Message) (line $($errors[0].Extent.StartLineNumber))"; $failed++ }
    }
    [pscustomobject]@{ Passed = 3 + @($scripts).Count - $failed; Failed = $failed; Skipped = 0 }
}

function Get-PesterManifest {
    Invoke-Dotnet restore (Join-Path $Root 'tools/tools.csproj') --nologo -v quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
}

function Invoke-XunitTests {
    $results = Join-Path $Out 'test-results'
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test $TestProject -c $Configuration --no-build --nologo --logger 'trx;LogFileName=xunit.trx' --results-directory $results | Out-Host
    if (-not (Test-Path $trx)) { throw "The xunit run wrote no results (exit code $LASTEXITCODE)." }
    $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.notExecuted }
}

function Invoke-PesterTests {
    $pester = Get-PesterManifest
    Import-Module (Join-Path $Root 'tests/pester/NbEmulator.psm1') -Force
    $resultFile = Join-Path $Out 'test-results/pester.json'
    $null = New-Item -ItemType Directory -Force (Split-Path $resultFile)
    if (Test-Path $resultFile) { Remove-Item $resultFile }
    $emulator = Start-NbEmulator -Configuration $Configuration
    try {
        $env:NB_TEST_EMULATOR_BASE_URL = $emulator.BaseUrl
        $env:NB_TEST_EMULATOR_API_KEY = $emulator.ApiKey
        $env:NB_TEST_EMULATOR_CDN = $emulator.CdnUrl
        $env:NB_TEST_EMULATOR_PROXY = $emulator.ProxyUrl
        Invoke-Pwsh -File (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1') -PesterManifest $pester -ResultFile $resultFile | Out-Host
    }
    finally {
        Remove-Item Env:NB_TEST_EMULATOR_* -ErrorAction Ignore
        Stop-NbEmulator $emulator
    }
    if (-not (Test-Path $resultFile)) { throw "The Pester run wrote no results (exit code $LASTEXITCODE)." }
    Get-Content $resultFile -Raw | ConvertFrom-Json
}

function Invoke-Test {
    Invoke-Build
    Publish-Package
    Invoke-Dotnet build $TestProject -c $Configuration --nologo -v quiet
    $results = @(
        Invoke-Lint
        Invoke-XunitTests
        Invoke-PesterTests
    )
    Write-Host "lint: $($results[0].Passed) passed, $($results[0].Failed) failed; xunit: $($results[1].Passed) passed, $($results[1].Failed) failed; Pester: $($results[2].Passed) passed, $($results[2].Failed) failed"
    $passed = ($results | Measure-Object Passed -Sum).Sum
    $failed = ($results | Measure-Object Failed -Sum).Sum
    $skipped = ($results | Measure-Object Skipped -Sum).Sum
    $summary = "$passed passed, $failed failed"
    if ($skipped) { $summary += ", $skipped skipped" }
    Write-Host $summary
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Dotnet build (Join-Path $Root 'tests/NanoBanana.Emulator/NanoBanana.Emulator.csproj') -c $Configuration --nologo -v quiet
    Import-Module (Join-Path $Root 'tests/pester/NbEmulator.psm1') -Force
    $emulator = Start-NbEmulator -Configuration $Configuration -LatencyMs 4000
    $demo = Join-Path $Out 'demo'
    if (Test-Path $demo) { Remove-Item $demo -Recurse -Force }
    try {
        $env:NANO_BANANA_BASE_URL = $emulator.BaseUrl
        $env:NANO_BANANA_API_KEY = $emulator.ApiKey
        $env:NANO_BANANA_HISTORY = Join-Path $demo 'history.jsonl'
        Import-Module (Join-Path $ModuleOut 'NanoBanana.psd1') -Force
        Write-Host "`nThe emulator stands in for the service at $($emulator.BaseUrl)`n"
        Write-Host 'PS> Get-NbModel | Format-Table Name, DisplayName, CreditsCost, RequiresPro'
        Get-NbModel | Format-Table Name, DisplayName, CreditsCost, RequiresPro | Out-Host
        Write-Host 'PS> Get-NbCredit'
        Get-NbCredit | Out-Host
        Write-Host "PS> New-NbImage 'a red panda astronaut, watercolour' -Mode Stream | Save-NbImage -Path out/demo"
        $file = New-NbImage 'a red panda astronaut, watercolour' -Mode Stream | Save-NbImage -Path $demo
        $file | Format-Table Name, Length, GenerationId | Out-Host
        Write-Host 'PS> Get-NbCredit'
        Get-NbCredit | Out-Host
        if (-not $file) { throw 'The demo saved no image.' }
        Write-Host "Saved $($file.FullName)"
    }
    finally {
        Remove-Item Env:NANO_BANANA_BASE_URL, Env:NANO_BANANA_API_KEY, Env:NANO_BANANA_HISTORY -ErrorAction Ignore
        Stop-NbEmulator $emulator
    }
}

# Not part of Test: a minute of thousands of requests with injected faults (tests/soak/Invoke-Soak.ps1).
function Invoke-Soak {
    Invoke-Build
    Invoke-Dotnet build (Join-Path $Root 'tests/NanoBanana.Emulator/NanoBanana.Emulator.csproj') -c $Configuration --nologo -v quiet
    Invoke-Pwsh -File (Join-Path $Root 'tests/soak/Invoke-Soak.ps1') -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { exit 1 }
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Dotnet build (Join-Path $Root 'tests/NanoBanana.Emulator/NanoBanana.Emulator.csproj') -c $Configuration --nologo -v quiet
    Invoke-Pwsh -File (Join-Path $Root 'tests/bench/Invoke-Bench.ps1') -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { exit 1 }
}

function Invoke-Clean {
    foreach ($path in @($Out) + (Get-ChildItem $Root -Recurse -Directory -Include 'bin', 'obj' | Select-Object -ExpandProperty FullName)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
}

Push-Location $Root
try {
    foreach ($name in $Task) { & "Invoke-$name" }
}
finally {
    Pop-Location
}
