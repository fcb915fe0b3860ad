# How users get the module: the built folder packed with Publish-PSResource into a folder repository, installed with
# Install-PSResource by name, imported by name in a fresh pwsh, used, uninstalled. Each step runs in a pwsh of its own
# whose HOME and XDG_DATA_HOME are a temporary folder (PSResourceGet takes the CurrentUser path from HOME, PowerShell
# and the repository list from XDG_DATA_HOME), so both are the test's own; the repository is unregistered
# afterwards, even on failure.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $sim = Start-KvmPveSimulator
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "kvmpve-install-$([guid]::NewGuid().ToString('N'))"
    $home_ = (New-Item -ItemType Directory -Path (Join-Path $work 'home') -Force).FullName
    $data = (New-Item -ItemType Directory -Path (Join-Path $home_ '.local/share') -Force).FullName
    $feed = (New-Item -ItemType Directory -Path (Join-Path $work 'feed') -Force).FullName
    $repository = "KvmPveTest-$([guid]::NewGuid().ToString('N'))"
    $module = Split-Path (Get-KvmPveModulePath)
    $version = (Import-PowerShellDataFile (Get-KvmPveModulePath)).ModuleVersion
    function Invoke-Child([string] $Command) {
        $saved = $env:XDG_DATA_HOME, $env:HOME
        $env:XDG_DATA_HOME, $env:HOME = $data, $home_
        try {
            $output = Invoke-FreshPwsh -Command "`$ErrorActionPreference = 'Stop'; $Command" 2>&1 | Out-String
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output.Trim() }
        }
        finally {
            $env:XDG_DATA_HOME, $env:HOME = $saved
        }
    }
}

AfterAll {
    $null = Invoke-Child "Unregister-PSResourceRepository -Name '$repository' -ErrorAction SilentlyContinue"
    Stop-KvmPveSimulator $sim
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Installing KvmPve with PSResourceGet' {
    It 'packs the module with Publish-PSResource into a .nupkg' {
        $run = Invoke-Child "& '$PSScriptRoot/../../tools/Publish-KvmPve.ps1' -Module '$module' -Destination '$feed'"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Join-Path $feed "KvmPve.$version.nupkg" | Should -Exist
        (Invoke-Child 'Get-PSResourceRepository | ForEach-Object Name').Output | Should -Not -BeLike '*KvmPveBuild-*' -Because 'the packing repository is unregistered afterwards'
    }

    It 'installs from a folder repository by name into the CurrentUser scope' {
        $run = Invoke-Child "Register-PSResourceRepository -Name '$repository' -Uri '$feed' -Trusted; Install-PSResource KvmPve -Repository '$repository' -TrustRepository -Scope CurrentUser; (Get-InstalledPSResource KvmPve).Version.ToString()"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeLike "*$version"
        Join-Path $data "powershell/Modules/KvmPve/$version/KvmPve.psd1" | Should -Exist
    }

    It 'imports by name in a fresh pwsh and runs a cmdlet against the simulator' {
        $run = Invoke-Child @"
Import-Module KvmPve
(Get-Module KvmPve).ModuleBase
`$cred = [pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))
`$null = Connect-PiKvm '$($sim.Server)' -Credential `$cred -CertificateThumbprint '$($sim.Thumbprint)'
'kvmd ' + (Get-PiKvmInfo).KvmdVersion
"@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeLike "$data*KvmPve*$version*"
        $run.Output | Should -Match 'kvmd \d+\.\d+'
    }

    It 'uninstalls, and the repository is unregistered' {
        $run = Invoke-Child "Uninstall-PSResource KvmPve -Scope CurrentUser; @(Get-InstalledPSResource KvmPve -ErrorAction SilentlyContinue).Count"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Be '0'
        (Invoke-Child "Unregister-PSResourceRepository -Name '$repository'; @(Get-PSResourceRepository -Name '$repository' -ErrorAction SilentlyContinue).Count").Output | Should -Be '0'
    }
}
