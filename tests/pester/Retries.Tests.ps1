BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Reads retry transient failures' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 10 }
    }

    It 'retries <Status> and says so in verbose output' -TestCases @(
        @{ Status = 408 }, @{ Status = 429 }, @{ Status = 500 }, @{ Status = 502 }, @{ Status = 503 }, @{ Status = 504 }
    ) {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = $Status; times = 2 }
        $all = Get-NbCredit -RetryIntervalSec 0 -Verbose 4>&1
        ($all | Where-Object { $_ -is [NanoBanana.NbCredit] }).Credits | Should -Be 10
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -match "answered $Status" -and $_ -match 'retry 1 of 3' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -match 'retry 2 of 3' } | Should -Not -BeNullOrEmpty
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 3
    }

    It 'retries a reset connection and a request that timed out' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'reset' }
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'slowHeaders'; delayMs = 60000 }
        $started = [DateTime]::UtcNow
        (Get-NbCredit -RetryIntervalSec 0 -TimeoutSec 1).Credits | Should -Be 10
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 30 -Because 'the slow attempt is cut at -TimeoutSec, not waited out'
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 3
    }

    It 'waits as long as Retry-After says, in seconds or as an HTTP date' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 429; headers = @{ 'Retry-After' = '1' } }
        $started = [DateTime]::UtcNow
        $null = Get-NbCredit -RetryIntervalSec 0
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeGreaterOrEqual 0.9

        $date = [DateTime]::UtcNow.AddSeconds(2).ToString('r')
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 503; headers = @{ 'Retry-After' = $date } }
        $started = [DateTime]::UtcNow
        (Get-NbCredit -RetryIntervalSec 0).Credits | Should -Be 10
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeGreaterOrEqual 0.9
    }

    It 'refuses a Retry-After of more than two minutes and shows the value' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 429; headers = @{ 'Retry-After' = '600' } }
        $started = [DateTime]::UtcNow
        $result = Invoke-Collecting { Get-NbCredit }
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 60 -Because 'the 600 seconds are not waited'
        Assert-NbError $result.Errors[0] -Id NbServiceBusy -Category LimitsExceeded
        $result.Errors[0].Exception.Message | Should -Match '600 seconds'
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 1
    }

    It 'stops after -MaximumRetryCount and does not retry with 0' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 503; times = 0 }
        $result = Invoke-Collecting { Get-NbCredit -MaximumRetryCount 0 }
        Assert-NbError $result.Errors[0] -Id NbServiceBusy -Category ResourceBusy
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 1
        $null = Invoke-Collecting { Get-NbCredit -MaximumRetryCount 5 -RetryIntervalSec 0 }
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 7
    }

    It 'retries a refused connection, then reports NbConnectionFailed' {
        $env:NANO_BANANA_BASE_URL = 'http://127.0.0.1:1/api/v1'
        try {
            $result = Invoke-Collecting { Get-NbCredit -RetryIntervalSec 0 -Verbose 4>&1 }
        }
        finally {
            $env:NANO_BANANA_BASE_URL = $Emulator.BaseUrl
        }
        Assert-NbError $result.Errors[0] -Id NbConnectionFailed -Category ConnectionError
        @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'retry' }) | Should -HaveCount 3
    }
}

Describe 'A paid submission is never sent twice' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 10 }
    }

    It 'is retried on 429, which means the job was refused' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'status'; status = 429; body = '{"error":"Too many concurrent requests (active=1)"}'; headers = @{ 'Retry-After' = '0' } }
        (New-NbImage 'after a 429').Status | Should -Be 'Completed'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 2
        Get-Credits $account.key | Should -Be 9
    }

    It '-MaximumRetryCount <Count> bounds busy resubmissions too: <Posts> POST(s), then NbServiceBusy' -TestCases @(
        @{ Count = 2; Posts = 3 }, @{ Count = 0; Posts = 1 }
    ) {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'busy'; times = 0 }
        $result = Invoke-Collecting { New-NbImage 'x' -Mode Async -MaximumRetryCount $Count -RetryIntervalSec 1 }
        Assert-NbError $result.Errors[0] -Id NbServiceBusy -Category ResourceBusy
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount $Posts
        Get-Credits $account.key | Should -Be 10
    }

    It 'says when the service is busy and how long it waits, in verbose and on the progress bar' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'busy'; times = 2 }
        $run = Invoke-Captured { param($key) New-NbImage 'patience' -Mode Async -ApiKey $key -Verbose } -ArgumentList $account.key
        $run.Output.Status | Should -Be 'Processing'
        $run.Verbose.Message | Where-Object { $_ -match 'service busy, attempt 2, waiting \d+\.\d s' } | Should -Not -BeNullOrEmpty
        $run.Progress.StatusDescription | Where-Object { $_ -match 'Service busy, attempt 1, waiting' } | Should -Not -BeNullOrEmpty
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 3
    }

    It 'is retried when the connection was refused, so it was never sent' {
        $env:NANO_BANANA_BASE_URL = 'http://127.0.0.1:1/api/v1'
        try {
            $result = Invoke-Collecting { New-NbImage 'never sent' -RetryIntervalSec 0 -MaximumRetryCount 2 -Verbose 4>&1 }
        }
        finally {
            $env:NANO_BANANA_BASE_URL = $Emulator.BaseUrl
        }
        Assert-NbError $result.Errors[0] -Id NbConnectionFailed -Category ConnectionError
        @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'POST /generate.*retry' }) | Should -HaveCount 2
        @($result.Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'GET /models.*retry' }) | Should -BeNullOrEmpty
    }

    It '<Case>: NbOutcomeUnknown, exactly one POST, and how to check' -TestCases @(
        @{ Case = '502 after the job was taken'; Fault = @{ kind = 'status'; status = 502; charge = $true; body = '<html>Bad gateway</html>'; contentType = 'text/html' } }
        @{ Case = '503 that is not server_busy'; Fault = @{ kind = 'status'; status = 503; charge = $true; body = '{"error":"upstream unavailable"}' } }
        @{ Case = 'connection reset after the job was taken'; Fault = @{ kind = 'reset'; charge = $true } }
        @{ Case = 'body cut off after the headers'; Fault = @{ kind = 'reset'; charge = $true; afterBytes = 10 } }
        @{ Case = 'no answer before -TimeoutSec'; Fault = @{ kind = 'slowHeaders'; delayMs = 4000 } }
    ) {
        $null = New-NbImage 'warm the connection' -Mode Async
        $Fault.match = @{ key = $account.key; method = 'POST' }
        Add-Fault $Fault
        $result = Invoke-Collecting { New-NbImage 'paid once' -Mode Async -TimeoutSec 2 -RetryIntervalSec 0; New-NbImage 'the batch goes on' -Mode Async }
        Assert-NbError $result.Errors[0] -Id NbOutcomeUnknown -Category OperationTimeout
        $message = $result.Errors[0].Exception.Message
        $message | Should -Match 'credits may have been charged'
        $message | Should -Match 'Get-NbCredit'
        $message | Should -Match 'not resubmitted'
        $posts = @(Get-Requests -Key $account.key -Method POST | Where-Object { ($_.body | ConvertFrom-Json).prompt -eq 'paid once' })
        $posts | Should -HaveCount 1
        $result.Output.Prompt | Should -Be 'the batch goes on'
    }

    It 'says credits may have been charged when the answer is unreadable' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'malformedJson' }
        $result = Invoke-Collecting { New-NbImage 'garbled' }
        Assert-NbError $result.Errors[0] -Id NbProtocolError -Category ProtocolError
        $result.Errors[0].Exception.Message | Should -Match 'credits charged'
        (Get-Requests -Key $account.key -Method POST) | Should -HaveCount 1
    }
}
