# The help that tools/help/New-NbHelp.ps1 builds into out/NanoBanana/en-US, read back through Get-Help the way a
# user reads it. A cmdlet or parameter without text in the C# doc comments, or a cmdlet with fewer than two
# examples in docs/help/examples, fails here.

BeforeDiscovery {
    $RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $module = Import-Module (Join-Path $RepoRoot 'out/NanoBanana/NanoBanana.psd1') -PassThru -Force
    $Cmdlets = @(Get-Command -Module $module.Name -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A parameter's help text, or '' when it has none.
    function Get-ParameterHelpText($Help, [string] $Name) {
        $entry = @($Help.parameters.parameter) | Where-Object name -EQ $Name
        (@($entry.description) | ForEach-Object Text) -join ' '
    }

    # The error ids the module's C# source writes: the first argument of each id/category pair.
    function Get-SourceErrorId {
        Get-ChildItem (Join-Path $RepoRoot 'src/NanoBanana.PowerShell') -Recurse -Filter '*.cs' |
            Select-String -Pattern '"(Nb[A-Z][A-Za-z]+)",\s*(\w+\.\w+\s*\?\s*)?ErrorCategory\.' -AllMatches |
            ForEach-Object { $_.Matches } |
            ForEach-Object { $_.Groups[1].Value } |
            Where-Object { $_ -ne 'NbError' } |
            Sort-Object -Unique
    }
}

Describe 'Get-Help <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'has a synopsis and a description from the doc comments' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, Get-Help makes the synopsis from the syntax.
        $help.Synopsis | Should -Not -Match "^$Name \["
        (@($help.description) | ForEach-Object Text) -join ' ' | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        foreach ($parameter in $parameters) {
            Get-ParameterHelpText $help $parameter | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a <para type=""description""> doc comment"
        }
    }

    It 'documents only parameters the cmdlet has, with their pipeline input and position' {
        foreach ($entry in @($help.parameters.parameter | Where-Object { $_ })) {
            $command.Parameters.Keys | Should -Contain $entry.name
            $metadata = $command.Parameters[$entry.name].ParameterSets.Values
            $byValue = [bool]($metadata | Where-Object ValueFromPipeline)
            $entry.pipelineInput -match 'ByValue' | Should -Be $byValue -Because "-$($entry.name) of $Name"
            $position = @($metadata | Where-Object Position -GE 0 | ForEach-Object Position)
            $expected = if ($position.Count) { [string]$position[0] } else { 'named' }
            $entry.position | Should -Be $expected -Because "-$($entry.name) of $Name"
        }
    }

    It 'names its inputs and its declared output types' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $outputs = @($help.returnValues.returnValue.type.name)
        foreach ($type in $command.OutputType | Where-Object Type -NE ([void])) {
            $outputs | Should -Contain $type.Type.FullName
        }
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2 -Because "docs/help/examples/$Name.md needs two '## ' sections"
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            (@($example.remarks) | ForEach-Object Text) -join '' | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'uses in its examples only parameters that its cmdlets have' {
        $moduleCmdlets = (Get-Command -Module NanoBanana -CommandType Cmdlet).Name
        foreach ($example in @($help.examples.example)) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$null)
            $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
                Where-Object { $_.GetCommandName() -in $moduleCmdlets }
            foreach ($call in $calls) {
                $cmdlet = Get-Command $call.GetCommandName()
                foreach ($parameter in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    { $cmdlet.ResolveParameter($parameter.ParameterName) } | Should -Not -Throw -Because "'$($call.Extent.Text)' in '$($example.title)'"
                }
            }
        }
    }

    It 'shows its examples in an 80-column terminal without breaking lines' {
        # Get-Help breaks lines at the console's width less one.
        $lines = (Get-Help $Name -Examples | Out-String -Width 250) -split '\r?\n'
        $lines | Where-Object Length -GT 79 | Should -BeNullOrEmpty
    }
}

Describe 'about_NanoBanana' {
    BeforeAll {
        $about = Get-Help about_NanoBanana | Out-String
    }

    It 'is found by Get-Help' {
        $about | Should -Match 'about_NanoBanana'
        $about | Should -Match 'SHORT DESCRIPTION'
    }

    It 'explains where the key and the address come from' {
        foreach ($text in '-ApiKey', 'Connect-NbAccount', 'NANO_BANANA_API_KEY', 'NB_API_KEY', 'NANO_BANANA_BASE_URL') {
            $about | Should -Match ([regex]::Escape($text))
        }
    }

    It 'covers the modes, the costs, the image lifetime, proxies and the emulator' {
        foreach ($text in 'Sync', 'Stream', 'Async', 'CreditsCost', 'reference image', '15 days', 'HTTPS_PROXY', 'NO_PROXY', '-Proxy', 'emulator') {
            $about | Should -Match ([regex]::Escape($text))
        }
    }

    It 'says what to do about every error id the module writes' {
        $ids = @(Get-SourceErrorId)
        $ids | Should -Contain 'NbOutcomeUnknown'
        foreach ($id in $ids) {
            $about | Should -Match "\b$id\b" -Because "about_NanoBanana should explain $id"
        }
    }

    It 'fits an 80-column terminal' {
        $file = Join-Path (Split-Path $ModuleManifest) 'en-US/about_NanoBanana.help.txt'
        Get-Content $file | Where-Object Length -GT 79 | Should -BeNullOrEmpty
    }
}
