BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Get-NbModel' {
    BeforeEach {
        $null = Get-NbModel -Refresh
    }

    It 'emits one typed NbModel per catalog entry, with every field' {
        $models = Get-NbModel
        $models.Count | Should -BeGreaterThan 5
        $models | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'NanoBanana.NbModel' }
        $flash = $models | Where-Object Name -EQ 'gemini-2.5-flash-image'
        $flash.DisplayName | Should -Be 'Nano Banana'
        $flash.CreditsCost | Should -Be 1
        $flash.SupportsImageInput | Should -BeTrue
        $flash.SupportsAspectRatio | Should -BeTrue
        $flash.RequiresPro | Should -BeFalse
        ($models | Where-Object Name -EQ 'nanobanan2&pro').RequiresPro | Should -BeTrue
    }

    It 'filters by name with wildcards, case-insensitively' {
        $names = (Get-NbModel -Name 'NANOBANAN-2*').Name
        $names | Should -Contain 'nanobanan-2'
        $names | Should -Contain 'nanobanan-2-4k'
        $names | Should -Not -Contain 'gemini-2.5-flash-image'
        (Get-NbModel 'nanobanan2&pro').Name | Should -Be 'nanobanan2&pro'
        ('gemini-2.5-flash-image', 'imagine_x_1' | Get-NbModel).Count | Should -Be 2
    }

    It 'reports a name without wildcards that matches nothing, and goes on' {
        $result = Invoke-Collecting { Get-NbModel -Name 'no-such-model', 'imagine_x_1' }
        $result.Output.Name | Should -Be 'imagine_x_1'
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NbModelNotFound,*'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-NbModel -Name 'zzz*' | Should -BeNullOrEmpty
    }

    It 'reads the catalog once per session until -Refresh, and sends no key for it' {
        $before = (Get-Requests -Path '/api/v1/models').Count
        $null = Get-NbModel
        $null = Get-NbModel -Name gemini*
        (Get-Requests -Path '/api/v1/models').Count | Should -Be $before
        $env:NANO_BANANA_API_KEY = (New-TestAccount).key
        try {
            $null = Get-NbModel -Refresh
        }
        finally {
            Remove-Item Env:NANO_BANANA_API_KEY
        }
        $requests = Get-Requests -Path '/api/v1/models'
        $requests.Count | Should -Be ($before + 1)
        $requests[-1].headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization'
    }

    It 'works without any key configured' {
        (Get-NbModel -Refresh).Count | Should -BeGreaterThan 0
    }
}
