BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Art = Join-Path $TestDrive 'art'
}

Describe 'Parallel runspaces' {
    It '8 runspaces generate and save at once, each with its own key, without cross-talk' {
        $accounts = 1..8 | ForEach-Object { New-TestAccount @{ credits = 10 + $_; latencyMs = 300 } }
        $results = $accounts | ForEach-Object -ThrottleLimit 8 -Parallel {
            $account = $_
            Import-Module $using:ModuleManifest
            $env:NANO_BANANA_BASE_URL = $using:Emulator.BaseUrl
            Connect-NbAccount -ApiKey $account.key
            $mode = ('Sync', 'Stream', 'Async')[$account.credits % 3]
            $files = New-NbImage "parallel $($account.credits)" -Mode $mode -Wait | Save-NbImage -Path (Join-Path $using:Art $account.key.Substring(3, 8))
            [pscustomobject]@{ Key = $account.key; Credits = (Get-NbCredit).Credits; Files = @($files); Errors = @($Error) }
        }
        $results | Should -HaveCount 8
        foreach ($result in $results) {
            $result.Errors | Should -BeNullOrEmpty
            $result.Files | Should -HaveCount 1
            $account = $accounts | Where-Object key -EQ $result.Key
            $result.Credits | Should -Be ($account.credits - 1)
            $owned = Invoke-NbEmulatorControl $Emulator GET "/generations?key=$($result.Key)"
            @($owned).id | Should -Be $result.Files[0].GenerationId
            $owned.prompt | Should -Be "parallel $($account.credits)"
        }
    }

    It 'thread jobs share the process but not their sessions' {
        $first = New-TestAccount @{ credits = 31 }
        $second = New-TestAccount @{ credits = 32 }
        $jobs = $first, $second | ForEach-Object {
            Start-ThreadJob -ArgumentList $_.key, $ModuleManifest, $Emulator.BaseUrl -ScriptBlock {
                param($key, $manifest, $baseUrl)
                Import-Module $manifest
                $env:NANO_BANANA_BASE_URL = $baseUrl
                Connect-NbAccount -ApiKey $key
                1..5 | ForEach-Object { (Get-NbCredit).Credits }
            }
        }
        $answers = $jobs | Receive-Job -Wait -AutoRemoveJob
        ($answers | Where-Object { $_ -eq 31 }) | Should -HaveCount 5
        ($answers | Where-Object { $_ -eq 32 }) | Should -HaveCount 5
    }
}
