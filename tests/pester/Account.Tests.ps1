BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Connect-NbAccount and Disconnect-NbAccount' {
    AfterEach {
        Disconnect-NbAccount
        $env:NANO_BANANA_BASE_URL = $Emulator.BaseUrl
    }

    It 'checks the key with GET /credits and keeps it for the session' {
        $account = New-TestAccount @{ credits = 7 }
        $connection = Connect-NbAccount -ApiKey $account.key -PassThru
        $connection.Credits | Should -Be 7
        $connection.Validated | Should -BeTrue
        $connection.BaseUri | Should -Be $Emulator.BaseUrl
        (Get-Requests -Key $account.key -Path '/api/v1/credits').Count | Should -Be 1
        (Get-NbCredit).Credits | Should -Be 7
    }

    It 'refuses a bad key and keeps the previous connection' {
        $good = New-TestAccount @{ credits = 5 }
        Connect-NbAccount -ApiKey $good.key
        $result = Invoke-Collecting { Connect-NbAccount -ApiKey ('nb_' + 'f' * 64) }
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        (Get-NbCredit).Credits | Should -Be 5
    }

    It 'stores the key unchecked with -SkipValidation' {
        $account = New-TestAccount
        $connection = Connect-NbAccount -ApiKey $account.key -SkipValidation -PassThru
        $connection.Validated | Should -BeFalse
        $connection.Credits | Should -BeNullOrEmpty
        Get-Requests -Key $account.key | Should -BeNullOrEmpty
    }

    It 'takes the API address with -BaseUri over NANO_BANANA_BASE_URL' {
        $account = New-TestAccount @{ credits = 9 }
        $env:NANO_BANANA_BASE_URL = 'https://unused.example/api/v1'
        Connect-NbAccount -ApiKey $account.key -BaseUri $Emulator.BaseUrl
        (Get-NbCredit).Credits | Should -Be 9
    }

    It 'refuses a plain-http -BaseUri that is not loopback' {
        $result = Invoke-Collecting { Connect-NbAccount -ApiKey 'nb_x' -BaseUri 'http://example.com/api/v1' -SkipValidation }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
    }

    It 'forgets the key on Disconnect-NbAccount' {
        $account = New-TestAccount
        Connect-NbAccount -ApiKey $account.key
        Disconnect-NbAccount
        $result = Invoke-Collecting { Get-NbCredit }
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
    }

    It 'keeps one session per runspace' {
        $account = New-TestAccount @{ credits = 11 }
        Connect-NbAccount -ApiKey $account.key
        $other = Invoke-Captured { Get-NbCredit }
        $other.Output | Should -BeNullOrEmpty
        $other.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NbUnauthorized,*'
        (Get-NbCredit).Credits | Should -Be 11
    }
}
