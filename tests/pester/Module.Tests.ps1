BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'The built module' {
    It 'is a folder with the manifest, the module DLL and its dependency DLLs only' {
        $files = Get-ChildItem (Split-Path $ModuleManifest) -Recurse -File | ForEach-Object Name
        $files | Should -Contain 'NanoBanana.psd1'
        $files | Should -Contain 'NanoBanana.PowerShell.dll'
        $files | Should -Contain 'System.Text.Json.dll'
        $files | Where-Object { $_ -notmatch '\.(dll|psd1|ps1xml)$' -and $_ -ne 'en-US' } | Should -BeNullOrEmpty
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
