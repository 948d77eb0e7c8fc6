BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

# What may be piped: only what can really be a prompt, or a generation id, ever reaches the service. Anything else is
# refused by type before any request, so a wrong pipe in a script costs nothing.
Describe 'New-NbImage takes from the pipeline only what can be a prompt' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 20 }
    }

    It 'refuses <Case> by type, sends nothing and goes on with the batch' -TestCases @(
        @{ Case = 'a hashtable'; Make = { @{ a = 1 } }; Type = 'System.Collections.Hashtable' }
        @{ Case = 'a process'; Make = { Get-Process -Id $PID }; Type = 'System.Diagnostics.Process' }
        @{ Case = 'a number'; Make = { 42 }; Type = 'System.Int32' }
        @{ Case = '$null'; Make = { $null }; Type = '$null' }
        @{ Case = 'a file without -Prompt'; Make = { Get-Item -LiteralPath $PSCommandPath }; Type = 'System.IO.FileInfo' }
        @{ Case = 'a folder'; Make = { Get-Item -LiteralPath $PSScriptRoot }; Type = 'System.IO.DirectoryInfo' }
    ) {
        $odd = & $Make
        $result = Invoke-Collecting { 'a lighthouse', $odd, 'a fox' | New-NbImage }
        $result.Errors | Should -HaveCount 1
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike "*$Type*"
        $result.Errors[0].Exception.Message | Should -Match 'Nothing was sent'
        $result.Output.Prompt | Should -Be @('a lighthouse', 'a fox')
        $bodies = Get-Requests -Key $account.key -Method POST | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies.prompt | Should -Be @('a lighthouse', 'a fox')
    }

    It 'shows how to pass a prompt, and how to edit a file' {
        $result = Invoke-Collecting { 42 | New-NbImage; Get-Item -LiteralPath $PSCommandPath | New-NbImage }
        $result.Errors[0].Exception.Message | Should -Match ([regex]::Escape("'a red fox' | New-NbImage"))
        $result.Errors[1].Exception.Message | Should -Match ([regex]::Escape("New-NbImage -Prompt 'as a watercolour'"))
        $result.Errors[1].Exception.Message | Should -Match ([regex]::Escape((Split-Path $PSCommandPath -Leaf)))
    }

    It 'shows the refusal under -WhatIf too' {
        $result = Invoke-Collecting { Get-Process -Id $PID | New-NbImage -WhatIf }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike '*System.Diagnostics.Process*'
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }

    It 'refuses a string piped while -Prompt is given' {
        $result = Invoke-Collecting { 'a fox' | New-NbImage -Prompt 'an owl' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match 'not both'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It 'takes strings, one generation each' {
        $generations = 'one', 'two' | New-NbImage
        $generations.Prompt | Should -Be @('one', 'two')
    }

    It 'takes the lines of Get-Content as prompts with no reference image, despite their PSPath' {
        $file = Join-Path $TestDrive 'prompts.txt'
        Set-Content -LiteralPath $file -Value 'a red panda', 'a blue whale'
        (Get-Content -LiteralPath $file)[0].PSPath | Should -Not -BeNullOrEmpty
        $generations = Get-Content -LiteralPath $file | New-NbImage
        $generations.Prompt | Should -Be @('a red panda', 'a blue whale')
        $generations | ForEach-Object { $_.ReferenceImages | Should -BeNullOrEmpty }
        $bodies = Get-Requests -Key $account.key -Method POST | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies | ForEach-Object { $_.PSObject.Properties.Name | Should -Not -Contain 'referenceImageUrls' }
    }

    It 'takes CSV rows and custom objects with a Prompt property' {
        $csv = Join-Path $TestDrive 'prompts.csv'
        [pscustomobject]@{ Prompt = 'from a row'; AspectRatio = '16:9' } | Export-Csv -LiteralPath $csv
        $generations = @(Import-Csv -LiteralPath $csv) + [pscustomobject]@{ Prompt = 'from an object'; Model = 'nanobanan-2' } | New-NbImage
        $generations.Prompt | Should -Be @('from a row', 'from an object')
        $generations[0].AspectRatio | Should -Be '16:9'
        $generations[1].Model | Should -Be 'nanobanan-2'
    }

    It 'takes a generation back in, for a new take of its prompt' {
        $first = New-NbImage 'once more' -AspectRatio 4:3
        $again = $first | New-NbImage
        $again.Prompt | Should -Be 'once more'
        $again.AspectRatio | Should -Be '4:3'
        $again.Id | Should -Not -Be $first.Id
    }

    It 'refuses a blank prompt from a CSV row' {
        $result = Invoke-Collecting { [pscustomobject]@{ Prompt = '' } | New-NbImage }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match 'blank'
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }
}

Describe '<Command> takes from the pipeline only what can be a generation id' -ForEach @(
    @{ Command = 'Get-NbGeneration' }
    @{ Command = 'Wait-NbGeneration' }
) {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 5 }
    }

    It 'refuses <Case> by type and sends nothing' -TestCases @(
        @{ Case = 'a process'; Make = { Get-Process -Id $PID }; Type = 'System.Diagnostics.Process' }
        @{ Case = 'a hashtable'; Make = { @{ Id = 1 } }; Type = 'System.Collections.Hashtable' }
        @{ Case = 'a number'; Make = { 42 }; Type = 'System.Int32' }
    ) {
        $odd = & $Make
        $result = Invoke-Collecting { $odd | & $Command }
        $result.Errors | Should -HaveCount 1
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike "$Command cannot use a $Type* as a generation id*"
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }

    It 'takes ids as strings, arrays of strings and generations' {
        $generation = New-NbImage 'an id to follow'
        $byText = $generation.Id | & $Command -TimeoutSec 30
        $byArray = , @($generation.Id) | & $Command -TimeoutSec 30
        $byObject = $generation | & $Command -TimeoutSec 30
        $byText.Id | Should -Be $generation.Id
        $byArray.Id | Should -Be $generation.Id
        $byObject.Id | Should -Be $generation.Id
    }
}

Describe 'Save-NbImage takes from the pipeline only generations, images and URLs' {
    It 'refuses <Case> by type and downloads nothing' -TestCases @(
        @{ Case = 'a process'; Make = { Get-Process -Id $PID }; Type = 'System.Diagnostics.Process' }
        @{ Case = 'a hashtable'; Make = { @{ Url = 1 } }; Type = 'System.Collections.Hashtable' }
        @{ Case = 'a number'; Make = { 42 }; Type = 'System.Int32' }
    ) {
        $before = @(Get-Requests -Origin cdn).Count
        $odd = & $Make
        $folder = New-TestFolderPath
        $result = Invoke-Collecting { $odd | Save-NbImage -Path $folder }
        $result.Errors | Should -HaveCount 1
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -BeLike "Save-NbImage cannot save a $Type*"
        @(Get-Requests -Origin cdn).Count | Should -Be $before
        Test-Path $folder | Should -BeFalse
    }
}
