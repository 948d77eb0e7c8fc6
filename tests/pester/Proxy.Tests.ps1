BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Art = Join-Path $TestDrive 'art'
}

AfterAll {
    Invoke-NbEmulatorControl $Emulator PUT '/proxy' @{ requireCredentials = $null } | Out-Null
    Disconnect-NbAccount
}

Describe 'Proxies' {
    AfterEach {
        Invoke-NbEmulatorControl $Emulator PUT '/proxy' @{ requireCredentials = $null } | Out-Null
        Disconnect-NbAccount
    }

    It 'Connect-NbAccount -Proxy sends API calls and image downloads through the proxy' {
        $account = New-TestAccount @{ credits = 5 }
        $connection = Connect-NbAccount -ApiKey $account.key -Proxy $Emulator.ProxyUrl -PassThru
        $connection.Proxy | Should -Be ([uri]$Emulator.ProxyUrl)
        $file = New-NbImage 'through the proxy' | Save-NbImage -Path $Art
        (Get-NbCredit).Credits | Should -Be 4
        $proxied = @(Get-Requests -Origin proxy -Key $account.key)
        $proxied.path | Should -Contain "$($Emulator.BaseUrl)/credits"
        $proxied.path | Should -Contain "$($Emulator.BaseUrl)/generate"
        @(Get-Requests -Origin proxy | Where-Object path -EQ $file.SourceUrl) | Should -HaveCount 1
    }

    It 'authenticates with -ProxyCredential, and says what is missing without it' {
        Invoke-NbEmulatorControl $Emulator PUT '/proxy' @{ requireCredentials = @{ user = 'ops'; password = 'proxy-secret' } } | Out-Null
        $account = New-TestAccount @{ credits = 7 }
        $refused = Invoke-Collecting { Connect-NbAccount -ApiKey $account.key -Proxy $Emulator.ProxyUrl }
        Assert-NbError $refused.Errors[0] -Id NbConnectionFailed -Category ConnectionError
        $refused.Errors[0].Exception.Message | Should -Match '-ProxyCredential'

        $credential = [pscredential]::new('ops', (ConvertTo-SecureString 'proxy-secret' -AsPlainText -Force))
        Connect-NbAccount -ApiKey $account.key -Proxy $Emulator.ProxyUrl -ProxyCredential $credential
        (Get-NbCredit).Credits | Should -Be 7
        $authorized = @(Get-Requests -Origin proxy -Key $account.key | Where-Object status -EQ 200)
        $authorized | Should -Not -BeNullOrEmpty
        $authorized[-1].headers.'Proxy-Authorization' | Should -Match '^Basic '
        (Get-Requests -Origin api -Key $account.key)[-1].headers.PSObject.Properties.Name | Should -Not -Contain 'Proxy-Authorization'
    }

    It 'refuses proxy options that cannot work' {
        $result = Invoke-Collecting { Connect-NbAccount -ApiKey 'nb_x' -SkipValidation -ProxyUseDefaultCredentials }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result = Invoke-Collecting { Connect-NbAccount -ApiKey 'nb_x' -SkipValidation -Proxy 'ftp://proxy.example' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
    }

    It 'forgets the proxy on Disconnect-NbAccount' {
        $account = New-TestAccount
        Connect-NbAccount -ApiKey $account.key -Proxy $Emulator.ProxyUrl
        Disconnect-NbAccount
        $null = Get-NbCredit -ApiKey $account.key
        Get-Requests -Origin proxy -Key $account.key | Should -HaveCount 1 -Because 'only the call made while connected went through it'
    }

    It 'honours HTTP_PROXY from the environment, and NO_PROXY' {
        $account = New-TestAccount @{ credits = 3 }
        $script = "`$env:NANO_BANANA_BASE_URL = '$($Emulator.BaseUrl)'; (Get-NbCredit -ApiKey '$($account.key)').Credits"
        $viaProxy = Invoke-FreshPowerShell $script @{ HTTP_PROXY = $Emulator.ProxyUrl }
        $viaProxy.Output[-1] | Should -Be '3'
        Get-Requests -Origin proxy -Key $account.key | Should -HaveCount 1

        $bypassed = Invoke-FreshPowerShell $script @{ HTTP_PROXY = $Emulator.ProxyUrl; NO_PROXY = '127.0.0.1' }
        $bypassed.Output[-1] | Should -Be '3'
        Get-Requests -Origin proxy -Key $account.key | Should -HaveCount 1
        Get-Requests -Origin api -Key $account.key | Should -HaveCount 2
    }
}
