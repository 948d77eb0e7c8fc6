BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Get-NbCredit' {
    AfterEach {
        Remove-Item Env:NANO_BANANA_API_KEY, Env:NB_API_KEY -ErrorAction Ignore
        Disconnect-NbAccount
    }

    It 'emits the balance as an NbCredit with the time it was read' {
        $account = New-TestAccount @{ credits = 42 }
        $before = [DateTimeOffset]::UtcNow
        $credit = Get-NbCredit -ApiKey $account.key
        $credit.PSObject.TypeNames[0] | Should -Be 'NanoBanana.NbCredit'
        $credit.Credits | Should -Be 42
        $credit.RetrievedAt | Should -BeGreaterOrEqual $before.AddSeconds(-1)
    }

    It 'takes the key from -ApiKey, then Connect-NbAccount, then NANO_BANANA_API_KEY, then NB_API_KEY' {
        $explicit = New-TestAccount @{ credits = 1 }
        $connected = New-TestAccount @{ credits = 2 }
        $primary = New-TestAccount @{ credits = 3 }
        $alternate = New-TestAccount @{ credits = 4 }

        $env:NB_API_KEY = $alternate.key
        (Get-NbCredit).Credits | Should -Be 4
        $env:NANO_BANANA_API_KEY = $primary.key
        (Get-NbCredit).Credits | Should -Be 3
        Connect-NbAccount -ApiKey $connected.key
        (Get-NbCredit).Credits | Should -Be 2
        (Get-NbCredit -ApiKey (ConvertTo-SecureString $explicit.key -AsPlainText -Force)).Credits | Should -Be 1
        (Get-NbCredit -ApiKey $explicit.key).Credits | Should -Be 1
    }

    It 'sends the key as a bearer token and an explicit User-Agent' {
        $account = New-TestAccount
        $null = Get-NbCredit -ApiKey $account.key
        $request = (Get-Requests -Key $account.key -Path '/api/v1/credits')[-1]
        $request.headers.Authorization | Should -Be "Bearer $($account.key)"
        $request.headers.'User-Agent' | Should -Match '^NanoBanana\.PowerShell/\d+\.\d+\.\d+'
    }

    It 'terminates with NbUnauthorized naming where the key came from but not the key' {
        $bad = 'nb_' + ('0' * 64)
        $env:NANO_BANANA_API_KEY = $bad
        $result = Invoke-Collecting { Get-NbCredit; 'not reached' }
        $result.Output | Should -BeNullOrEmpty
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        $result.Errors[0].Exception.Message | Should -Match 'NANO_BANANA_API_KEY'
        $result.Errors[0].Exception.Message | Should -Not -Match ('0' * 16)
    }

    It 'without any key says which variables it looked at' {
        $result = Invoke-Collecting { Get-NbCredit }
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        $message = $result.Errors[0].Exception.Message
        $message | Should -Match 'NANO_BANANA_API_KEY'
        $message | Should -Match 'NB_API_KEY'
        $message | Should -Match '-ApiKey'
        $message | Should -Match 'Connect-NbAccount'
    }

    It 'terminates with NbForbidden when API access is off for the account' {
        $account = New-TestAccount @{ apiAccess = $false }
        $result = Invoke-Collecting { Get-NbCredit -ApiKey $account.key }
        Assert-NbError $result.Errors[0] -Id NbForbidden -Category PermissionDenied
    }

    It 'refuses plain http to a host that is not loopback, before sending anything' {
        $env:NANO_BANANA_BASE_URL = 'http://api.example.com/api/v1'
        try {
            $result = Invoke-Collecting { Get-NbCredit -ApiKey 'nb_test' }
        }
        finally {
            $env:NANO_BANANA_BASE_URL = $Emulator.BaseUrl
        }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match 'plain http'
    }
}
