<#
.SYNOPSIS
    The pwsh part of the benchmarks: what a cmdlet costs in real PowerShell, side by side with a reused HttpClient
    called from the same PowerShell and with Invoke-RestMethod, against the simulator; TCP connections per session;
    and what Import-Module adds to a bare pwsh start.
.EXAMPLE
    dotnet pwsh tests/KvmPve.Benchmarks/pwsh/Measure-KvmPveCmdlet.ps1    # after ./build.ps1 -Task Build
#>
param(
    [int] $Calls = 2000,
    [int] $Starts = 15,
    [string] $Module = (Join-Path $PSScriptRoot '../../../out/KvmPve/KvmPve.psd1')
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../../Pester/TestHelpers.ps1')
$Module = (Resolve-Path $Module).Path
Import-Module $Module -Force

function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }
# Asked over the reused client's own connection, so the question opens none.
function Get-Connections($Sim) { ($raw.GetStringAsync('_simulator/connections').GetAwaiter().GetResult() | ConvertFrom-Json).connections }

# Alternates the ways call by call (load from elsewhere hits all alike) and reports each one's median in µs.
function Measure-Side {
    param([string] $Title, [System.Collections.Specialized.OrderedDictionary] $Ways, [int] $Count)
    $times = @{}
    foreach ($name in $Ways.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($name in $Ways.Keys) { 1..200 | ForEach-Object { $null = & $Ways[$name] } }
    $watch = [System.Diagnostics.Stopwatch]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        foreach ($name in $Ways.Keys) {
            $watch.Restart(); $null = & $Ways[$name]; $watch.Stop()
            $times[$name].Add($watch.Elapsed.TotalMicroseconds)
        }
    }
    $base = Get-Median $times[@($Ways.Keys)[0]]
    Write-Host $Title
    foreach ($name in $Ways.Keys) {
        # Then 100 more calls of this way alone, counting the TCP connections the simulator accepted meanwhile.
        $before = Get-Connections $sim
        1..100 | ForEach-Object { $null = & $Ways[$name] }
        $opened = (Get-Connections $sim) - $before
        $median = Get-Median $times[$name]
        Write-Host ('  {0,-34} {1,8:F1} µs/call  {2,5:F2}x   {3,3} new TCP connections in 100 calls' -f $name, $median, ($median / $base), $opened)
    }
    $times
}

$sim = Start-KvmPveSimulator
try {
    $handler = [System.Net.Http.HttpClientHandler]::new()
    $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
    $raw = [System.Net.Http.HttpClient]::new($handler)
    $raw.BaseAddress = $sim.BaseUri

    Write-Host "KvmPve cmdlets in PowerShell $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores, simulator at $($sim.Server); $Calls calls each, alternating, median"

    # PVE: Get-PveVersion over an API token session.
    $token = "PVEAPIToken=root@pam!automation=$($sim.PveToken)"
    $pve = Connect-TestPve $sim -ApiToken
    $pveWays = [ordered]@{
        'reused HttpClient (GET, body read)' = {
            $request = [System.Net.Http.HttpRequestMessage]::new('GET', 'api2/json/version')
            $request.Headers.TryAddWithoutValidation('Authorization', $token) | Out-Null
            $response = $raw.SendAsync($request).GetAwaiter().GetResult()
            $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
            $response.Dispose()
        }
        'Get-PveVersion' = { Get-PveVersion -Session $pve }
        'Invoke-RestMethod' = { Invoke-RestMethod "$($sim.BaseUri)api2/json/version" -Headers @{ Authorization = $token } -SkipHeaderValidation -SkipCertificateCheck }
    }
    $pveTimes = Measure-Side 'PVE read: GET /api2/json/version' $pveWays $Calls

    # PiKVM: Get-PiKvmAtx over a header-auth session.
    $kvm = Connect-TestPiKvm $sim -AuthMode Header
    $kvmHeaders = @{ 'X-KVMD-User' = 'admin'; 'X-KVMD-Passwd' = 'admin' }
    $kvmWays = [ordered]@{
        'reused HttpClient (GET, body read)' = {
            $request = [System.Net.Http.HttpRequestMessage]::new('GET', 'api/atx')
            $request.Headers.Add('X-KVMD-User', 'admin'); $request.Headers.Add('X-KVMD-Passwd', 'admin')
            $response = $raw.SendAsync($request).GetAwaiter().GetResult()
            $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
            $response.Dispose()
        }
        'Get-PiKvmAtx' = { Get-PiKvmAtx -Session $kvm }
        'Invoke-RestMethod' = { Invoke-RestMethod "$($sim.BaseUri)api/atx" -Headers $kvmHeaders -SkipCertificateCheck }
    }
    $kvmTimes = Measure-Side 'PiKVM read: GET /api/atx' $kvmWays $Calls

    foreach ($pair in @(@('PVE', $pveTimes, 'Get-PveVersion'), @('PiKVM', $kvmTimes, 'Get-PiKvmAtx'))) {
        $ratio = (Get-Median $pair[1][$pair[2]]) / (Get-Median $pair[1]['reused HttpClient (GET, body read)'])
        Write-Host ('  {0} cmdlet / reused client: {1:F2}x (target <= 1.20x) {2}' -f $pair[0], $ratio, $(if ($ratio -le 1.2) { 'met' } else { 'MISSED' }))
    }

    # Watch-PiKvmEvent: from the simulator sending an event (stamped in µs) to the object reaching the pipeline here.
    $stamps = 100
    $emitter = Start-ThreadJob -ArgumentList $sim.BaseUri, $stamps -ScriptBlock {
        param($Base, $Count)
        Start-Sleep -Milliseconds 1500
        for ($i = 0; $i -lt $Count; $i++) {
            Invoke-RestMethod -Method Post "$($Base)_simulator/pikvm/events/stamp" -SkipCertificateCheck | Out-Null
            Start-Sleep -Milliseconds 20
        }
    }
    $latencies = [System.Collections.Generic.List[double]]::new()
    Watch-PiKvmEvent stamp -TimeoutSec 30 -Session $kvm | Select-Object -First $stamps | ForEach-Object {
        $latencies.Add(((([DateTimeOffset]::UtcNow - [DateTimeOffset]::UnixEpoch).Ticks / 10) - $_.Change.at) / 1000)
    }
    $null = $emitter | Wait-Job
    $emitter | Remove-Job -Force -ErrorAction SilentlyContinue
    $sorted = $latencies | Sort-Object
    $p95 = $sorted[[int][math]::Ceiling(0.95 * $sorted.Count) - 1]
    Write-Host ('Watch-PiKvmEvent, {0} events: simulator sends -> object in the pipeline p50 {1:F2} ms, p95 {2:F2} ms (target p95 < 100 ms) {3}' -f $latencies.Count, (Get-Median $latencies), $p95, $(if ($p95 -lt 100 -and $latencies.Count -eq $stamps) { 'met' } else { 'MISSED' }))

    # Parallel waits: 20 guests (then 20 clones) whose tasks take 3 s, from the pipeline, at two throttles (a serial wait: 60 s); a
    # simulator of its own for each, so "at most running at once" is that run's.
    foreach ($limit in 20, 8) {
        $slow = Start-KvmPveSimulator -TaskSeconds 3 -ExtraGuests 20
        try {
            $bulk = Connect-TestPve $slow
            $elapsed = Measure-Command { $done = @(Get-PveVm -Tag bulk -Session $bulk | Start-PveVm -Wait -ThrottleLimit $limit -Confirm:$false -Session $bulk) }
            $most = (Invoke-RestMethod "$($slow.BaseUri)_simulator/pve/tasks" -SkipCertificateCheck).mostRunningAtOnce
            Write-Host ('Start-PveVm -Wait, 20 guests with 3 s tasks, -ThrottleLimit {0,2}: {1,5:F1} s, {2} finished, at most {3} running at once' -f $limit, $elapsed.TotalSeconds, $done.Count, $most)
            # Clones: 20 of one template from the pipeline, each with its own next free VMID, done when unlocked.
            $template = 1..20 | ForEach-Object { [pscustomobject]@{ VmId = 103; Node = 'pve2'; Type = 'Qemu' } }
            $elapsed = Measure-Command { $clones = @($template | Copy-PveVm -Wait -ThrottleLimit $limit -Confirm:$false -Session $bulk) }
            $most = (Invoke-RestMethod "$($slow.BaseUri)_simulator/pve/tasks" -SkipCertificateCheck).mostRunningAtOnce
            Write-Host ('Copy-PveVm -Wait, 20 clones with 3 s tasks, -ThrottleLimit {0,2}: {1,5:F1} s, {2} distinct new guests, at most {3} running at once' -f $limit, $elapsed.TotalSeconds, @($clones.VmId | Sort-Object -Unique).Count, $most)
            Disconnect-Pve -Session $bulk -Confirm:$false
        }
        finally {
            Stop-KvmPveSimulator $slow
        }
    }

    # Fleets: 50 simulated PiKVMs in one process, PiKVM i answering after 100*(i+1)/50 ms (the slowest after 100 ms).
    $fleetSim = Start-KvmPveSimulator -Fleet 50 -FleetDelayMs 100
    try {
        $cred = New-TestCredential
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $heapBefore = [GC]::GetTotalMemory($true)
        $connectAll = Measure-Command { $fleet = @($fleetSim.Fleet | Connect-PiKvm -Credential $cred) }
        $heapAfter = [GC]::GetTotalMemory($true)
        Write-Host ('Connect-PiKvm to 50 PiKVMs at once (slowest answers after 100 ms): {0:F2} s, {1} sessions, {2:F0} KiB of managed heap per session' -f $connectAll.TotalSeconds, $fleet.Count, (($heapAfter - $heapBefore) / 1KB / $fleet.Count))
        $connectLoop = Measure-Command { $loop = @($fleetSim.Fleet | ForEach-Object { $_ | Connect-PiKvm -Credential $cred }) }
        Write-Host ('Connect-PiKvm one by one (ForEach-Object) to the same 50: {0:F2} s' -f $connectLoop.TotalSeconds)
        $loop | Disconnect-PiKvm -Confirm:$false
        $rounds = 7
        $all = 1..$rounds | ForEach-Object { (Measure-Command { $null = Get-PiKvmAtx -Session $fleet }).TotalMilliseconds }
        $one = 1..$rounds | ForEach-Object { (Measure-Command { $null = Get-PiKvmAtx -Session $fleet[-1] }).TotalMilliseconds }
        $each = 1..$rounds | ForEach-Object { (Measure-Command { $null = $fleet | ForEach-Object { Get-PiKvmAtx -Session $_ } }).TotalMilliseconds }
        Write-Host ('Get-PiKvmAtx, median of {0}: 50 PiKVMs in one call {1:F0} ms; the slowest one alone {2:F0} ms; the 50 in a ForEach-Object loop {3:F0} ms ({4:F1}x the one call)' -f $rounds, (Get-Median $all), (Get-Median $one), (Get-Median $each), ((Get-Median $each) / (Get-Median $all)))
        $fleet | Disconnect-PiKvm -Confirm:$false
    }
    finally {
        Stop-KvmPveSimulator $fleetSim
    }

    # Import-Module over a bare start, in fresh processes, alternating.
    $bare = [System.Collections.Generic.List[double]]::new(); $import = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Starts; $i++) {
        $bare.Add((Measure-Command { Invoke-FreshPwsh -Command 'exit 0' }).TotalMilliseconds)
        $import.Add((Measure-Command { Invoke-FreshPwsh -Command "Import-Module '$Module'; exit 0" }).TotalMilliseconds)
    }
    $extra = (Get-Median $import) - (Get-Median $bare)
    Write-Host ('Import-Module: bare pwsh start {0:F0} ms, with Import-Module {1:F0} ms: +{2:F0} ms (target < 300 ms) {3}' -f (Get-Median $bare), (Get-Median $import), $extra, $(if ($extra -lt 300) { 'met' } else { 'MISSED' }))
}
finally {
    Get-PiKvmSession | Disconnect-PiKvm -Confirm:$false -ErrorAction SilentlyContinue
    Get-PveSession | Disconnect-Pve -Confirm:$false -ErrorAction SilentlyContinue
    Stop-KvmPveSimulator $sim
}
