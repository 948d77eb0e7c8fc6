BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Cost honesty' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 30 }
    }

    It '-WhatIf says what each generation would cost, and the total, and sends no POST' {
        $run = Invoke-Captured {
            'one', 'two' | New-NbImage -Model 'nanobanan2&pro' -ReferenceImageUrl 'https://example.com/a.png', 'https://example.com/b.png' -WhatIf
            New-NbImage 'three' -WhatIf
        }
        $run.Output | Should -BeNullOrEmpty
        $lines = @($run.Information | ForEach-Object { "$_" })
        ($lines -join "`n") | Should -Match 'What if: 2 generations would cost 8 credits in all'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
        Get-Credits $account.key | Should -Be 30
    }

    It '-WhatIf text names the model, the mode and the cost with its reason' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript
        New-NbImage 'a fox' -Model 'nanobanan2&pro' -ReferenceImageUrl 'https://example.com/a.png', 'https://example.com/b.png' -Mode Stream -WhatIf
        New-NbImage 'a cat' -WhatIf
        $null = Stop-Transcript
        $shown = Get-Content -LiteralPath $transcript -Raw
        $shown | Should -Match ([regex]::Escape('Generate an image of "a fox" from https://example.com/a.png, https://example.com/b.png with nanobanan2&pro in Stream mode, costing 4 credits: 3 for nanobanan2&pro + 1 for the extra reference image.'))
        $shown | Should -Match ([regex]::Escape('Generate an image of "a cat" with gemini-2.5-flash-image in Sync mode, costing 1 credit for gemini-2.5-flash-image.'))
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It '-MaxCredits stops the batch before the submission that would pass it, with the total so far' {
        $result = Invoke-Collecting { 'a', 'b', 'c', 'd', 'e' | New-NbImage -MaxCredits 3 }
        $result.Output | Should -HaveCount 3
        Assert-NbError $result.Errors[-1] -Id NbCreditLimitReached -Category LimitsExceeded
        $result.Errors[-1].Exception.Message | Should -Match 'Stopped before submitting "d"'
        $result.Errors[-1].Exception.Message | Should -Match 'spent 3 credits on 3 generation'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 3
        Get-Credits $account.key | Should -Be 27
    }

    It '-MaxCredits counts model costs, reference images and charged rejections' {
        Add-Fault @{ match = @{ key = $account.key; promptContains = 'unsafe' }; kind = 'outcome'; outcome = 'rejected' }
        $result = Invoke-Collecting {
            'unsafe one', 'fine' | New-NbImage -Model nanobanan-2 -ReferenceImageUrl 'https://example.com/a.png', 'https://example.com/b.png' -MaxCredits 7
        }
        $result.Output | Should -HaveCount 1
        $result.Output[0].Status | Should -Be 'Rejected'
        Assert-NbError $result.Errors[-1] -Id NbCreditLimitReached -Category LimitsExceeded
        $result.Errors[-1].Exception.Message | Should -Match 'costs 4 credits'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
    }

    It '-MaxCredits refuses a generation whose cost it cannot know' {
        $result = Invoke-Collecting { New-NbImage 'x' -Model 'not-in-the-catalog' -MaxCredits 10 }
        Assert-NbError $result.Errors[0] -Id NbCreditLimitReached -Category LimitsExceeded
        $result.Errors[0].Exception.Message | Should -Match 'not in the catalog'
        Get-Requests -Key $account.key -Method POST | Should -BeNullOrEmpty
    }

    It 'Get-NbCredit shows the credits left and the credits this session used' {
        $fresh = Invoke-Captured { param($key) $env:NANO_BANANA_API_KEY = $key; 'a', 'b' | New-NbImage -Model nanobanan-2 | Out-Null; Get-NbCredit } -ArgumentList $account.key
        $credit = $fresh.Output[-1]
        $credit.Credits | Should -Be 24
        $credit.CreditsUsedThisSession | Should -Be 6
    }
}
