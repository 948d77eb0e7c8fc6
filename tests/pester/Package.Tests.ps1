# The PowerShell Gallery package that build.ps1's Package step (also run by the Test task) publishes to the folder
# repository out/repository, installed the way a user installs it: by name, with PSResourceGet, into a user scope
# that nothing else on this machine shares.

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    $Version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'NanoBanana.psd1')).ModuleVersion
    $Package = Join-Path $RepoRoot "out/repository/NanoBanana.$Version.nupkg"

    # Runs a script in a new PowerShell process whose home is $HomePath, so it has its own user module folder and
    # PSResourceGet repository list, and does not inherit this session's PSModulePath. Returns the output; throws
    # with the process's errors if it fails.
    function Invoke-IsolatedPwsh([string] $HomePath, [string] $Script, [hashtable] $Environment = @{}) {
        $start = New-PwshStartInfo '-Command', $Script
        $start.WorkingDirectory = $HomePath
        $start.Environment['HOME'] = $HomePath
        foreach ($name in 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'NANO_BANANA_API_KEY', 'NB_API_KEY') {
            $null = $start.Environment.Remove($name)
        }
        foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The PowerShell process did not finish in 2 minutes.' }
            if ($process.ExitCode -ne 0) { throw "The PowerShell process failed ($($process.ExitCode)): $($stderr.Result) $($stdout.Result)" }
            $stdout.Result
        }
        finally {
            $process.Dispose()
        }
    }

    function Get-PackageEntry([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries.FullName | ForEach-Object { [uri]::UnescapeDataString($_) }) } finally { $zip.Dispose() }
    }

    function Get-Nuspec([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('NanoBanana.nuspec').Open())
            try { ([xml]$reader.ReadToEnd()).package.metadata } finally { $reader.Dispose() }
        }
        finally {
            $zip.Dispose()
        }
    }
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest with the Gallery metadata' {
        $manifest = Test-ModuleManifest $ModuleManifest
        foreach ($tag in 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') {
            $manifest.Tags | Should -Contain $tag
        }
        $manifest.ProjectUri.Scheme | Should -Be 'https'
        $manifest.LicenseUri.Scheme | Should -Be 'https'
        $manifest.ReleaseNotes | Should -Match ([regex]::Escape($Version))
        $manifest.ExportedFormatFiles | Should -Not -BeNullOrEmpty
    }

    It 'comes with an MIT LICENSE and a CHANGELOG entry for its version' {
        Get-Content (Join-Path $RepoRoot 'LICENSE') -Raw | Should -Match '^MIT License'
        Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw | Should -Match "(?m)^## $([regex]::Escape($Version))\b" -Because 'CHANGELOG.md needs a section for the manifest''s ModuleVersion'
    }
}

Describe 'The Gallery package' {
    BeforeAll {
        $isolatedHome = (New-Item -ItemType Directory (New-TestFolderPath 'home')).FullName
    }

    It 'holds the module, its help, views and license, with the manifest''s metadata' {
        $Package | Should -Exist -Because 'the Test task runs the Package step before the Pester suite'
        $entries = Get-PackageEntry $Package
        foreach ($file in 'NanoBanana.psd1', 'NanoBanana.PowerShell.dll', 'System.Text.Json.dll', 'NanoBanana.format.ps1xml', 'LICENSE', 'en-US/NanoBanana.PowerShell.dll-Help.xml', 'en-US/about_NanoBanana.help.txt') {
            $entries | Should -Contain $file
        }
        $nuspec = Get-Nuspec $Package
        $nuspec.id | Should -Be 'NanoBanana'
        $nuspec.version | Should -Be $Version
        $nuspec.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $nuspec.projectUrl | Should -Not -BeNullOrEmpty
        $nuspec.licenseUrl | Should -Not -BeNullOrEmpty
        $nuspec.releaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'installs by name with Install-PSResource, imports by name in a new session and works' -Skip:$IsWindows {
        # (Skipped on Windows, where the user module folder does not follow HOME and so cannot be isolated.)
        $repository = Split-Path $Package
        $null = Invoke-IsolatedPwsh $isolatedHome -Environment @{ NB_TEST_REPOSITORY = $repository } -Script '
            $ErrorActionPreference = "Stop"
            Register-PSResourceRepository -Name NanoBananaLocal -Uri $env:NB_TEST_REPOSITORY -Trusted
            Install-PSResource -Name NanoBanana -Repository NanoBananaLocal -Scope CurrentUser -Quiet'

        $output = Invoke-IsolatedPwsh $isolatedHome -Environment @{ NANO_BANANA_BASE_URL = $Emulator.BaseUrl } -Script '
            $ErrorActionPreference = "Stop"
            Import-Module NanoBanana
            $module = Get-Module NanoBanana
            [pscustomobject]@{
                ModuleBase = $module.ModuleBase
                Version    = "$($module.Version)"
                Models     = @(Get-NbModel | ForEach-Object Name)
                Synopsis   = (Get-Help New-NbImage).Synopsis
            } | ConvertTo-Json -Compress'
        $installed = ($output -split '\r?\n' | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json

        $installed.ModuleBase | Should -BeLike "$isolatedHome*"
        $installed.Version | Should -Be $Version
        $installed.Models | Should -Contain 'gemini-2.5-flash-image'
        $installed.Synopsis | Should -Be (Get-Help New-NbImage).Synopsis
    }
}
