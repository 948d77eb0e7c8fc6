BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

# One test per status the API documents, each asserting the error id, the category, whether the batch goes on, and
# what was charged.
Describe 'API errors become the documented error records' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 10 }
    }

    It '400: NbInvalidRequest, non-terminating, nothing charged' {
        $result = Invoke-Collecting { New-NbImage 'odd ratio' -AspectRatio '7:3'; New-NbImage 'fine' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match '400'
        $result.Output.Prompt | Should -Be 'fine'
        Get-Credits $account.key | Should -Be 9
    }

    It '413: NbInvalidRequest saying the reference images are too large, not retried, the batch goes on' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST'; promptContains = 'big' }; kind = 'status'; status = 413; body = '{"error":"Request body too large"}' }
        $result = Invoke-Collecting { 'big references', 'fine' | New-NbImage -ReferenceImageUrl 'https://example.com/a.png' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match 'reference images are too large.*413.*at most 10 MB'
        $result.Output.Prompt | Should -Be 'fine'
        (Get-Requests -Method POST -Key $account.key) | Should -HaveCount 2
        Get-Credits $account.key | Should -Be 9
    }

    It '400 for an unknown model names the model' {
        $result = Invoke-Collecting { New-NbImage 'x' -Model 'no-such-model' }
        Assert-NbError $result.Errors[0] -Id NbInvalidRequest -Category InvalidArgument
        $result.Errors[0].Exception.Message | Should -Match 'Invalid model'
    }

    It '401: NbUnauthorized terminates the batch' {
        $env:NANO_BANANA_API_KEY = 'nb_' + ('1' * 64)
        $result = Invoke-Collecting { 'one', 'two' | New-NbImage }
        $result.Errors | Should -HaveCount 1
        Assert-NbError $result.Errors[0] -Id NbUnauthorized -Category AuthenticationError
        (Get-Requests -Method POST -Key $env:NANO_BANANA_API_KEY) | Should -HaveCount 1
    }

    It '402: NbInsufficientCredits terminates the batch and nothing is charged' {
        $poor = New-TestAccount @{ credits = 2 }
        $result = Invoke-Collecting { 'one', 'two', 'three' | New-NbImage -Model nanobanan-2 -ApiKey $poor.key }
        $result.Output | Should -BeNullOrEmpty
        Assert-NbError $result.Errors[0] -Id NbInsufficientCredits -Category QuotaExceeded
        $result.Errors[0].Exception.Message | Should -Match 'Get-NbCredit'
        Get-Credits $poor.key | Should -Be 2
        (Get-Requests -Method POST -Key $poor.key) | Should -HaveCount 1
    }

    It '403: NbForbidden for a Pro model on a non-Pro account' {
        $basic = New-TestAccount @{ pro = $false }
        $result = Invoke-Collecting { New-NbImage 'x' -Model 'nanobanan2&pro' -ApiKey $basic.key }
        Assert-NbError $result.Errors[0] -Id NbForbidden -Category PermissionDenied
    }

    It '500 on POST /generate: NbOutcomeUnknown, one POST, and how to check' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'outcome'; outcome = 'failed' }
        $result = Invoke-Collecting { New-NbImage 'fails in sync'; New-NbImage 'next one' }
        Assert-NbError $result.Errors[0] -Id NbOutcomeUnknown -Category OperationTimeout
        $result.Errors[0].Exception.Message | Should -Match 'credits may have been charged'
        $result.Errors[0].Exception.Message | Should -Match 'Get-NbCredit'
        $result.Output.Prompt | Should -Be 'next one'
        (Get-Requests -Method POST -Key $account.key) | Should -HaveCount 2
    }

    It '500 on a read, after retries: NbServiceError' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'status'; status = 500; times = 0 }
        $result = Invoke-Collecting { Get-NbCredit -RetryIntervalSec 0 -MaximumRetryCount 2 }
        Assert-NbError $result.Errors[0] -Id NbServiceError -Category ResourceUnavailable
        (Get-Requests -Key $account.key -Path '/api/v1/credits') | Should -HaveCount 3
    }

    It '503 server_busy on an async submission is retried and charged once' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'busy'; times = 2 }
        $g = New-NbImage 'busy first' -Mode Async -RetryIntervalSec 0
        $g.Status | Should -Be 'Processing'
        (Get-Requests -Method POST -Key $account.key) | Should -HaveCount 3
        Get-Credits $account.key | Should -Be 9
    }

    It '503 server_busy that does not clear within -TimeoutSec: NbServiceBusy, nothing charged, never a tight loop' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'busy'; times = 0 }
        $started = [DateTime]::UtcNow
        $result = Invoke-Collecting { New-NbImage 'always busy' -Mode Async -RetryIntervalSec 0 -TimeoutSec 3 }
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 30 -Because 'resubmitting ends with -TimeoutSec'
        Assert-NbError $result.Errors[0] -Id NbServiceBusy -Category ResourceBusy
        $posts = @(Get-Requests -Method POST -Key $account.key)
        $posts.Count | Should -BeGreaterThan 1 -Because 'a refused submission is resubmitted while -TimeoutSec allows'
        for ($i = 1; $i -lt $posts.Count; $i++) {
            ([DateTimeOffset]$posts[$i].time - [DateTimeOffset]$posts[$i - 1].time).TotalSeconds | Should -BeGreaterOrEqual 0.95 -Because 'busy waits last at least a second, whatever -RetryIntervalSec says'
        }
        Get-Credits $account.key | Should -Be 10
    }

    It 'unknown id: NbGenerationNotFound' {
        $result = Invoke-Collecting { Get-NbGeneration 'cxxxxxxxxxxxxxxxxxxxxxxxx' }
        Assert-NbError $result.Errors[0] -Id NbGenerationNotFound -Category ObjectNotFound
    }

    It 'failed job: NbGenerationFailed with the reason, credits not refunded' {
        Add-Fault @{ match = @{ key = $account.key }; kind = 'outcome'; outcome = 'failed'; errorMessage = 'Generation failed due to server error' }
        $result = Invoke-Collecting { New-NbImage 'fails later' -Mode Async -Wait }
        Assert-NbError $result.Errors[0] -Id NbGenerationFailed -Category InvalidResult
        $result.Errors[0].Exception.Message | Should -Match 'Generation failed due to server error'
        Get-Credits $account.key | Should -Be 9
    }

    It 'Rejected: NbContentRejected, with the generation emitted' {
        Add-Fault @{ match = @{ key = $account.key }; kind = 'outcome'; outcome = 'rejected' }
        $result = Invoke-Collecting { New-NbImage 'rejected' }
        $result.Output[0].Status | Should -Be 'Rejected'
        Assert-NbError $result.Errors[0] -Id NbContentRejected -Category InvalidResult
    }
}
