BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Responses the API does not document become NbProtocolError, never a raw .NET failure' {
    BeforeEach {
        $account = Use-TestAccount @{ credits = 10 }
    }

    It '<Case>' -TestCases @(
        @{ Case = 'invalid JSON for the balance'; Path = '/credits'; Body = '{"data": {"credits": 1'; Command = { Get-NbCredit } }
        @{ Case = 'a missing field'; Path = '/credits'; Body = '{"data": {}}'; Command = { Get-NbCredit } }
        @{ Case = 'a wrong type'; Path = '/credits'; Body = '{"data": {"credits": "lots"}}'; Command = { Get-NbCredit } }
        @{ Case = 'an HTML page from a proxy'; Path = '/credits'; Body = '<html><body>Welcome</body></html>'; ContentType = 'text/html'; Command = { Get-NbCredit } }
        @{ Case = 'null where the catalog array belongs'; Path = '/models'; Body = '{"data": null}'; Command = { Get-NbModel -Refresh } }
        @{ Case = 'a completed generation with null outputImageUrls'; Path = '/generate'; Body = '{"data":{"id":"c1","processingStatus":"completed","outputImageUrls":null}}'; Command = { Get-NbGeneration c1 } }
        @{ Case = 'an image URL that is not http(s)'; Path = '/generate'; Body = '{"data":{"id":"c1","processingStatus":"completed","outputImageUrls":["file:///etc/passwd"]}}'; Command = { Get-NbGeneration c1 } }
    ) {
        $fault = @{ match = @{ path = $Path; method = 'GET' }; kind = 'status'; status = 200; body = $Body; contentType = ($ContentType ?? 'application/json') }
        if ($Path -ne '/models') { $fault.match.key = $account.key }
        Add-Fault $fault
        $result = Invoke-Collecting $Command
        $result.Output | Should -BeNullOrEmpty
        Assert-NbError $result.Errors[0] -Id NbProtocolError -Category ProtocolError
        $result.Errors[0].Exception.Message | Should -Match 'does not document'
        $result.Errors[0].Exception.GetType().FullName | Should -Be 'NanoBanana.Api.NbApiException'
    }

    It 'a status the reference does not list means not finished yet: the wait goes on and shows the service''s word' {
        $g = New-NbImage 'queued first' -Mode Async
        $queued = '{"success":true,"data":{"id":"' + $g.Id + '","prompt":"queued first","processingStatus":"queued","outputImageUrls":[]}}'
        Add-Fault @{ match = @{ key = $account.key; path = '/generate'; method = 'GET' }; kind = 'status'; status = 200; body = $queued }
        $early = Get-NbGeneration -Id $g.Id
        $early.Status | Should -Be 'Processing'
        $early.ServiceStatus | Should -Be 'queued'

        Add-Fault @{ match = @{ key = $account.key; path = '/generate'; method = 'GET' }; kind = 'status'; status = 200; body = $queued; times = 3 }
        $run = Invoke-Captured { param($id, $key) Wait-NbGeneration -Id $id -PollIntervalSec 0.3 -ApiKey $key -Verbose } -ArgumentList $g.Id, $account.key
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Status | Should -Be 'Completed'
        $run.Output.ServiceStatus | Should -Be 'completed'
        $run.Verbose.Message | Where-Object { $_ -match "'queued'" } | Should -Not -BeNullOrEmpty
        $run.Progress.StatusDescription | Where-Object { $_ -match 'is queued' } | Should -Not -BeNullOrEmpty
    }

    It 'a relative API redirect (<Method>) is NbProtocolError and nothing goes to its location' -TestCases @(
        @{ Method = 'GET'; Path = '/credits'; Command = { Get-NbCredit } }
        @{ Method = 'POST'; Path = '/generate'; Command = { New-NbImage 'redirected' } }
    ) {
        Add-Fault @{ match = @{ key = $account.key; path = $Path; method = $Method }; kind = 'redirect'; status = 308; location = "/api/v1$Path/" }
        $result = Invoke-Collecting $Command
        Assert-NbError $result.Errors[0] -Id NbProtocolError -Category ProtocolError
        $result.Errors[0].Exception.Message | Should -Match "redirect to '/api/v1$Path/'"
        Get-Requests -Key $account.key -Path "/api/v1$Path/" | Should -BeNullOrEmpty
        Get-Credits $account.key | Should -Be 10
    }

    It 'an API redirect is refused and the key goes nowhere else' {
        Add-Fault @{ match = @{ key = $account.key; path = '/credits' }; kind = 'redirect'; location = "$($Emulator.CdnUrl)/png/elsewhere.png" }
        $result = Invoke-Collecting { Get-NbCredit }
        Assert-NbError $result.Errors[0] -Id NbProtocolError -Category ProtocolError
        $result.Errors[0].Exception.Message | Should -Match 'does not follow API redirects'
        Get-Requests -Origin cdn -Path '/png/elsewhere.png' | Should -BeNullOrEmpty
    }
}

Describe 'File names stay inside the target folder' {
    BeforeAll {
        $Art = New-TestFolderPath
        $null = New-Item -ItemType Directory $Art
        $account = New-TestAccount @{ credits = 10; jpegEvery = 0 }
        $image = (New-NbImage 'a real image' -ApiKey $account.key).Images[0].Url.AbsoluteUri
    }

    It 'whatever generation id the service sends' {
        Add-Fault @{ match = @{ key = $account.key; method = 'POST' }; kind = 'status'; status = 200; charge = $true; body = '{"success":true,"generationId":"../../../tmp/evil\\CON","imageUrls":["' + $image + '"],"creditsUsed":1,"remainingCredits":9}' }
        $file = New-NbImage 'evil id' -ApiKey $account.key | Save-NbImage -LiteralPath $Art
        $file.DirectoryName | Should -Be (Get-Item -LiteralPath $Art).FullName
        $file.Name | Should -Be '.._.._.._tmp_evil_CON-1.png'
    }

    It 'whatever the URL path says: <Url>' -TestCases @(
        @{ Url = 'png/..%2F..%2F..%2Fescape.png'; Name = '.._.._.._escape.png' }
        @{ Url = 'png/CON.png'; Name = '_CON.png' }
        @{ Url = 'png/' + ('x' * 300) + '.png'; Name = ('x' * 100) + '.png' }
    ) {
        Add-Fault @{ match = @{ origin = 'cdn'; path = '/png/' }; kind = 'redirect'; location = $image }
        $file = Save-NbImage -InputObject "$($Emulator.CdnUrl)/$Url" -LiteralPath $Art
        $file.DirectoryName | Should -Be (Get-Item -LiteralPath $Art).FullName
        $file.Name | Should -Be $Name
    }
}
