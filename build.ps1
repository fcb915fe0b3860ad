#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents, packages and demonstrates KvmPve.
.DESCRIPTION
    Build   : dotnet publish src/KvmPve into out/KvmPve (the importable module folder).
    Test    : dotnet test (xunit: Core against the simulator, module metadata and help), then the Pester
              tests in tests/Pester in a fresh pwsh against the built module and the simulator (and a real
              kvmd when KVMPVE_KVMD_SERVER names one). Pester 5.9.1 comes from NuGet (tools/Pester).
    Help    : refreshes docs/*.md from the built module with platyPS when it is installed, then builds
              en-US/KvmPve.dll-Help.xml and about_KvmPve.help.txt from docs/.
    Package : Build, then out/KvmPve.<version>.nupkg (Publish-PSResource to a folder repository made for the call).
    Demo    : Build, start the simulator, import the module and take a short tour.
    Benchmark: Build, then the benchmarks: tests/KvmPve.Benchmarks (Core against a raw HttpClient, curl) and its
              pwsh part (the cmdlets against a reused HttpClient and Invoke-RestMethod; Import-Module time).
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.NOTES
    Every step that fails (a dotnet command, a child pwsh, a test) ends the build with a non-zero exit code.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Help', 'Package', 'Demo', 'Benchmark')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/KvmPve'
. (Join-Path $root 'tests/Pester/TestHelpers.ps1')

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

# A fresh pwsh (Invoke-FreshPwsh, tests/Pester/TestHelpers.ps1), so nothing this session loaded leaks into it; its
# exit code ends the build when it is not 0.
function Invoke-ChildPwsh {
    param([string] $What, [object[]] $Arguments)
    Invoke-FreshPwsh @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$What failed (pwsh exit code $LASTEXITCODE)." }
}

# Pester from its NuGet package (the PowerShell Gallery is not needed): restored by tools/Pester.
function Get-PesterModule {
    $lines = & dotnet msbuild (Join-Path $root 'tools/Pester/Pester.csproj') -restore -t:PesterModulePath -nologo -v:m
    if ($LASTEXITCODE -ne 0) { throw "Restoring Pester failed: $lines" }
    $path = ($lines | Select-String -Pattern 'PesterModule=(.+)$').Matches[-1].Groups[1].Value.Trim()
    if (-not (Test-Path $path)) { throw "Pester was restored, but $path is missing." }
    $path
}

function Invoke-Build {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $root 'src/KvmPve') -c $Configuration -o $moduleOut
    Invoke-Dotnet build (Join-Path $root 'src/KvmPve.Simulator') -c $Configuration
}

function Invoke-Test {
    $pester = Get-PesterModule
    Invoke-Dotnet test (Join-Path $root 'KvmPve.sln') -c $Configuration
    Invoke-Build
    $env:KVMPVE_MODULE = Join-Path $moduleOut 'KvmPve.psd1'
    $env:KVMPVE_CONFIGURATION = $Configuration
    Invoke-ChildPwsh 'The Pester tests' @('-File', (Join-Path $root 'tests/Pester/Invoke-KvmPvePester.ps1'), '-PesterModule', $pester)
}

function Invoke-Help {
    if (Get-Module -ListAvailable platyPS) {
        Invoke-Build
        $module = Join-Path $moduleOut 'KvmPve.psd1'
        $docs = Join-Path $root 'docs'
        Invoke-ChildPwsh 'Refreshing docs/ with platyPS' @('-Command', "Import-Module '$module' -Force; Import-Module platyPS; Update-MarkdownHelpModule -Path '$docs' -AlphabeticParamsOrder -UpdateInputOutput | Out-Null")
    }
    else {
        Write-Warning 'platyPS is not installed: docs/*.md are used as they are (Install-Module platyPS to refresh them from the cmdlets).'
    }
    Invoke-Dotnet run --project (Join-Path $root 'tools/KvmPve.HelpBuilder') -- $root
}

function Invoke-Package {
    Invoke-Build
    # PSResourceGet keeps its repository list under the user's data folder: point it into out/ for the child.
    $saved = $env:XDG_DATA_HOME
    # .NET ignores an XDG_DATA_HOME that does not exist, and PSResourceGet would then write beside the current folder.
    $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Path (Join-Path $root 'out/psresourceget') -Force).FullName
    try {
        Invoke-ChildPwsh 'Packaging' @('-File', (Join-Path $root 'tools/Publish-KvmPve.ps1'), '-Module', $moduleOut, '-Destination', (Join-Path $root 'out'))
    }
    finally {
        $env:XDG_DATA_HOME = $saved
    }
}

function Invoke-Demo {
    Invoke-Build
    $sim = Start-KvmPveSimulator -Configuration $Configuration
    try {
        Invoke-ChildPwsh 'The demo' @('-File', (Join-Path $root 'tools/Demo.ps1'), '-Module', (Join-Path $moduleOut 'KvmPve.psd1'), '-Server', $sim.Server, '-Thumbprint', $sim.Thumbprint)
    }
    finally {
        Stop-KvmPveSimulator $sim
    }
}

function Invoke-Benchmark {
    Invoke-Build
    Invoke-Dotnet run -c $Configuration --project (Join-Path $root 'tests/KvmPve.Benchmarks')
    Invoke-ChildPwsh 'The pwsh benchmark' @('-File', (Join-Path $root 'tests/KvmPve.Benchmarks/pwsh/Measure-KvmPveCmdlet.ps1'), '-Module', (Join-Path $moduleOut 'KvmPve.psd1'))
}

try {
    foreach ($t in $Task) {
        Write-Host "== $t" -ForegroundColor Green
        & "Invoke-$t"
    }
}
catch {
    Write-Host "build.ps1: $_" -ForegroundColor Red
    exit 1
}
