BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

Describe 'Tab completion' {
    It '-Model completes from the catalog and quotes names PowerShell would otherwise misread' {
        $null = Get-NbModel -Refresh
        $matches = Complete 'New-NbImage x -Model nanobanan2'
        $matches.CompletionText | Should -Contain "'nanobanan2&pro'"
        $matches.CompletionText | Should -Contain "'nanobanan2&pro-2k'"
        $matches.CompletionText | Should -Not -Contain 'gemini-2.5-flash-image'
        ($matches | Where-Object CompletionText -EQ "'nanobanan2&pro'").ToolTip | Should -Match '3 credit'
        (Complete 'New-NbImage x -Model gem').CompletionText | Should -Be 'gemini-2.5-flash-image'
    }

    It '-Model reads the catalog on first use when the session has none yet' {
        $fresh = Invoke-Captured { param($base) $env:NANO_BANANA_BASE_URL = $base; (TabExpansion2 -inputScript 'New-NbImage x -Model seedr' -cursorColumn 26).CompletionMatches.CompletionText } -ArgumentList $Emulator.BaseUrl
        $fresh.Output | Should -Be 'seedream-5.0-2k'
    }

    It '-AspectRatio offers the known ratios and still takes others' {
        $ratios = (Complete 'New-NbImage x -AspectRatio 1').CompletionText
        $ratios | Should -Contain '1:1'
        $ratios | Should -Contain '16:9'
        $ratios | Should -Not -Contain '4:3'
        (Get-Command New-NbImage).Parameters.AspectRatio.Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }) | Should -BeNullOrEmpty
    }

    It '-Id completes the generation ids seen in this session, newest first' {
        $account = New-TestAccount
        $first = New-NbImage 'first' -ApiKey $account.key
        $second = New-NbImage 'second' -ApiKey $account.key
        $ids = (Complete 'Get-NbGeneration -Id ').CompletionText
        $ids[0] | Should -Be $second.Id
        $ids | Should -Contain $first.Id
        (Complete "Wait-NbGeneration -Id $($first.Id.Substring(0, 20))").CompletionText | Should -Be $first.Id
    }
}
