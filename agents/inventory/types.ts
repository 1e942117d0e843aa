// The host inventory: plain data, embedded later in host result.json files. A field a collector
// could not read is null and its reason is in `notes`, so a missing file never hides the rest.

export interface InventoryNote {
  /** Dotted path of the field, e.g. `cpu.governors` or `cgroup.cpuQuota`. */
  field: string;
  reason: string;
}

export interface CpuFrequencyPolicy {
  /** cpufreq policy name, e.g. `policy0`. */
  policy: string;
  /** The CPUs this policy covers, as the kernel lists them (`0-3`). */
  cpus: string | null;
  governor: string | null;
  currentMhz: number | null;
  minMhz: number | null;
  maxMhz: number | null;
}

export interface CpuInventory {
  model: string | null;
  sockets: number | null;
  /** Physical cores across all sockets. */
  cores: number | null;
  /** Logical CPUs (hardware threads) the kernel sees. */
  threads: number | null;
  /** Threads per core > 1 means SMT (Hyper-Threading) is on. */
  threadsPerCore: number | null;
  numaNodes: number | null;
  /** Empty when the kernel exposes no cpufreq (typical in VMs). */
  frequencyPolicies: CpuFrequencyPolicy[];
  /** Mean of the `cpu MHz` lines of /proc/cpuinfo; present in VMs where cpufreq is not. */
  cpuinfoMhz: number | null;
  /** CPUs this process may run on (its affinity mask: `taskset`, a cpuset); below `threads` when pinned. */
  availableCpus?: number | null;
}

export interface MemoryInventory {
  totalBytes: number;
  /** DIMM clock as systeminformation reports it; null when unknown (VMs, no dmidecode). */
  speedMts: number | null;
  type: string | null;
}

export interface DiskInventory {
  name: string;
  model: string | null;
  sizeBytes: number | null;
  rotational: boolean | null;
  /** The active I/O scheduler, e.g. `mq-deadline` or `none`. */
  scheduler: string | null;
}

export interface NicInventory {
  name: string;
  /** Link speed; null when the driver does not report one (virtio, down links). */
  speedMbps: number | null;
  mtu: number | null;
  /** Loopback, bridges, veth, tunnels and other devices with no physical device behind them. */
  virtual: boolean;
}

export interface SystemInventory {
  hostname: string;
  kernel: string;
  os: string | null;
  arch: string;
  /** `kvm`, `vmware`, `none` …; `vm` when the CPU reports a hypervisor nothing names. */
  virtualization: string;
  /** True when a container runtime's marker is present (/.dockerenv, /run/.containerenv, a Kubernetes env). */
  container: boolean;
}

export interface CpuQuota {
  /** Allowed CPU time per period, in microseconds; null means unlimited (`max` / `-1`). */
  quotaUs: number | null;
  periodUs: number;
  /** quotaUs / periodUs: the number of CPUs the cgroup may use; null when unlimited. */
  cpus: number | null;
}

export interface CfsThrottling {
  nrPeriods: number;
  nrThrottled: number;
  throttledUsec: number;
}

export interface CgroupInventory {
  version: 1 | 2 | null;
  /** The current process's cgroup path for the CPU controller (v2: the single unified path). */
  cpuPath: string | null;
  memoryPath: string | null;
  cpuQuota: CpuQuota | null;
  /** Null means no limit was found (`max`, or a v1 value near 2^63). */
  memoryLimitBytes: number | null;
  throttling: CfsThrottling | null;
}

export interface Inventory {
  cpu: CpuInventory;
  memory: MemoryInventory;
  disks: DiskInventory[];
  nics: NicInventory[];
  system: SystemInventory;
  cgroup: CgroupInventory;
  notes: InventoryNote[];
}
