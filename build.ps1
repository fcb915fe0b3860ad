#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents, packages and demonstrates KvmPve.
.DESCRIPTION
    Build   : dotnet publish src/KvmPve into out/KvmPve (the importable module folder).
    Test    : dotnet test (xunit: Core against the simulator, module metadata and help), then the Pester
              tests in tests/Pester against the built module and the simulator.
    Help    : refreshes docs/*.md from the built module with platyPS when it is installed, then builds
              en-US/KvmPve.dll-Help.xml and about_KvmPve.help.txt from docs/.
    Package : Build, then out/KvmPve-<version>.zip.
    Demo    : Build, start the simulator, import the module and take a short tour.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Help', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/KvmPve'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $root 'src/KvmPve') -c $Configuration -o $moduleOut
    Invoke-Dotnet build (Join-Path $root 'src/KvmPve.Simulator') -c $Configuration
}

function Invoke-Test {
    Invoke-Dotnet test (Join-Path $root 'KvmPve.sln') -c $Configuration
    Invoke-Build
    if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0')) {
        throw 'Pester 5 is needed for the Pester tests: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
    }
    $env:KVMPVE_MODULE = Join-Path $moduleOut 'KvmPve.psd1'
    $env:KVMPVE_CONFIGURATION = $Configuration
    # A fresh process, so the module under test is not one a previous run left loaded; Run.Exit sets its exit code.
    pwsh -NoProfile -Command {
        param($path)
        Import-Module Pester -MinimumVersion 5.0
        $config = New-PesterConfiguration
        $config.Run.Path = $path
        $config.Run.Exit = $true
        $config.Output.Verbosity = 'Detailed'
        Invoke-Pester -Configuration $config
    } -args (Join-Path $root 'tests/Pester')
    if ($LASTEXITCODE -ne 0) { throw 'Pester tests failed.' }
}

function Invoke-Help {
    if (Get-Module -ListAvailable platyPS) {
        Invoke-Build
        pwsh -NoProfile -Command {
            param($module, $docs)
            Import-Module $module -Force
            Import-Module platyPS
            Update-MarkdownHelpModule -Path $docs -AlphabeticParamsOrder -UpdateInputOutput | Out-Null
        } -args (Join-Path $moduleOut 'KvmPve.psd1'), (Join-Path $root 'docs')
    }
    else {
        Write-Warning 'platyPS is not installed: docs/*.md are used as they are (Install-Module platyPS to refresh them from the cmdlets).'
    }
    Invoke-Dotnet run --project (Join-Path $root 'tools/KvmPve.HelpBuilder') -- $root
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile (Join-Path $root 'KvmPve.psd1')).ModuleVersion
    $zip = Join-Path $root "out/KvmPve-$version.zip"
    Compress-Archive -Path $moduleOut -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}

function Invoke-Demo {
    Invoke-Build
    . (Join-Path $root 'tests/Pester/TestHelpers.ps1')
    $sim = Start-KvmPveSimulator -Configuration $Configuration
    try {
        pwsh -NoProfile -Command {
            param($module, $server, $thumbprint)
            Import-Module $module -Force
            $cred = [pscredential]::new('admin', (ConvertTo-SecureString 'admin' -AsPlainText -Force))
            Write-Host "`n> Connect-PiKvm $server -Credential admin -CertificateThumbprint $thumbprint" -ForegroundColor Cyan
            Connect-PiKvm $server -Credential $cred -CertificateThumbprint $thumbprint | Format-Table
            Write-Host '> Get-PiKvmInfo' -ForegroundColor Cyan
            Get-PiKvmInfo | Format-List
            Write-Host '> Get-PiKvmLog -Seek 01:00:00 | Select-Object -First 3' -ForegroundColor Cyan
            Get-PiKvmLog -Seek 01:00:00 | Select-Object -First 3 | Format-Table
            Write-Host '> Get-PiKvmLog -Follow | Select-Object -Skip 5 -First 2   (live lines)' -ForegroundColor Cyan
            Get-PiKvmLog -Follow | Select-Object -Skip 5 -First 2 | Format-Table
            Write-Host '> Invoke-PiKvmApi Get info -Query @{ fields = "system" }' -ForegroundColor Cyan
            (Invoke-PiKvmApi Get info -Query @{ fields = 'system' }).system.kvmd
            Write-Host '> Disconnect-PiKvm' -ForegroundColor Cyan
            Disconnect-PiKvm
        } -args (Join-Path $moduleOut 'KvmPve.psd1'), $sim.Server, $sim.Thumbprint
    }
    finally {
        Stop-KvmPveSimulator $sim
    }
}

foreach ($t in $Task) {
    Write-Host "== $t" -ForegroundColor Green
    & "Invoke-$t"
}
