BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'The built module' {
    It 'is a folder with the manifest, the DLLs, the views, the help and the license only' {
        $folder = Split-Path $ModuleManifest
        $files = Get-ChildItem $folder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($folder, $_.FullName) -replace '\\', '/' }
        $files | Should -Contain 'NanoBanana.psd1'
        $files | Should -Contain 'NanoBanana.PowerShell.dll'
        $files | Should -Contain 'System.Text.Json.dll'
        $files | Should -Contain 'en-US/NanoBanana.PowerShell.dll-Help.xml'
        $files | Where-Object { $_ -notmatch '^[^/]+\.(dll|psd1|ps1xml)$|^LICENSE$|^en-US/(NanoBanana\.PowerShell\.dll-Help\.xml|about_\w+\.help\.txt)$' } | Should -BeNullOrEmpty
    }

    It 'passes Test-ModuleManifest and supports both editions from 5.1' {
        $manifest = Test-ModuleManifest $ModuleManifest
        $manifest.RootModule | Should -Be 'NanoBanana.PowerShell.dll'
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $listed = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object
        $exported = (Get-Command -Module NanoBanana).Name | Sort-Object
        $exported | Should -Be $listed
    }

    It 'declares an output type and uses an approved verb for every cmdlet' {
        $verbs = (Get-Verb).Verb
        foreach ($command in Get-Command -Module NanoBanana) {
            $command.Verb | Should -BeIn $verbs
            if ($command.Name -ne 'Disconnect-NbAccount') {
                $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) should declare [OutputType]"
            }
        }
    }
}
