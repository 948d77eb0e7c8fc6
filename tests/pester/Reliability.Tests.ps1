BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'A generation the service named is never lost' {
    It 'a failure after the stream named it carries its id, counts as charged for -MaxCredits and the session, and completes' {
        $account = New-TestAccount @{ credits = 10; latencyMs = 300; streamEarlyId = $true }
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'stream'; cutAfterEvents = 1 }
        Add-Fault @{ match = @{ key = $account.key; method = 'GET'; path = '/generate' }; kind = 'status'; status = 500; times = 0 }
        $run = Invoke-Captured {
            param($key)
            'named', 'never sent' | New-NbImage -Mode Stream -MaxCredits 1 -MaximumRetryCount 0 -ApiKey $key
            Get-NbCredit -ApiKey $key
            (TabExpansion2 -inputScript 'Get-NbGeneration -Id ' -cursorColumn 21).CompletionMatches.CompletionText
        } -ArgumentList $account.key
        $id = @(Invoke-NbEmulatorControl $Emulator GET "/generations?key=$($account.key)")[0].id
        Assert-NbError $run.Errors[0] -Id NbServiceError -Category ResourceUnavailable
        $run.Errors[0].Exception.GenerationId | Should -Be $id
        $run.Errors[0].Exception.Message | Should -Match "check it with Get-NbGeneration -Id $id"
        Assert-NbError $run.Errors[1] -Id NbCreditLimitReached -Category LimitsExceeded
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
        ($run.Output | Where-Object { $_ -is [NanoBanana.NbCredit] }).CreditsUsedThisSession | Should -Be 1
        $run.Output | Should -Contain $id
    }
}

Describe 'An empty key is an error, never a fallback' {
    It '-ApiKey <Case> is NbUnauthorized naming -ApiKey, with no request sent' -TestCases @(
        @{ Case = 'from an unset variable'; Key = $env:NB_UNSET_VARIABLE_FOR_THIS_TEST }
        @{ Case = "''"; Key = '' }
        @{ Case = "' '"; Key = ' ' }
    ) {
        $account = New-TestAccount
        $env:NANO_BANANA_API_KEY = $account.key
        try {
            $result = Invoke-Collecting { Get-NbCredit -ApiKey $Key }
            $submitted = Invoke-Collecting { New-NbImage 'billed elsewhere' -ApiKey $Key }
        }
        finally {
            Remove-Item Env:NANO_BANANA_API_KEY -ErrorAction Ignore
        }
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        $result.Errors[0].Exception.Message | Should -Match '-ApiKey was given, but it is empty'
        Assert-NbError $submitted.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }
}
