// The free capacity of every open node, in a max segment tree: each inner entry holds the largest
// free CPU, free memory and free pod slots below it. "The leftmost node at or after `from` that
// fits a pod" descends only into subtrees whose maxima could fit it, so first-fit costs about
// log(nodes) per pod instead of a scan over every node: 30,000 pods on thousands of nodes stay fast.
// The maxima of different resources may come from different nodes, so the pruning is a necessary
// condition only; the leaf test is exact.

export interface NodeCapacity {
  cpu: number;
  memory: number;
  pods: number;
}

export class FreeTree {
  private size: number;
  private cpu: Float64Array;
  private mem: Float64Array;
  private pods: Float64Array;
  /** Nodes opened so far; leaves beyond hold −∞ so they never fit. */
  count = 0;

  constructor(private readonly capacity: NodeCapacity, expectedNodes = 16) {
    this.size = 1;
    while (this.size < expectedNodes) this.size *= 2;
    this.cpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.mem = new Float64Array(2 * this.size).fill(-Infinity);
    this.pods = new Float64Array(2 * this.size).fill(-Infinity);
  }

  /** Opens an empty node at the end and returns its index. */
  open(): number {
    if (this.count === this.size) this.grow();
    const i = this.count++;
    this.setLeaf(i, this.capacity.cpu, this.capacity.memory, this.capacity.pods);
    return i;
  }

  freeCpu(i: number): number {
    return this.cpu[this.size + i]!;
  }

  freeMemory(i: number): number {
    return this.mem[this.size + i]!;
  }

  freePods(i: number): number {
    return this.pods[this.size + i]!;
  }

  /** Leftmost open node with index ≥ from that has `cpu`, `memory` and a pod slot free; −1 if none. */
  findFirst(from: number, cpu: number, memory: number): number {
    if (from >= this.count) return -1;
    return this.search(1, 0, this.size, from, cpu, memory);
  }

  take(i: number, cpu: number, memory: number): void {
    const leaf = this.size + i;
    this.setLeaf(i, this.cpu[leaf]! - cpu, this.mem[leaf]! - memory, this.pods[leaf]! - 1);
  }

  private search(node: number, lo: number, hi: number, from: number, cpu: number, memory: number): number {
    if (hi <= from || lo >= this.count) return -1;
    if (this.cpu[node]! < cpu || this.mem[node]! < memory || this.pods[node]! < 1) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.search(2 * node, lo, mid, from, cpu, memory);
    return left >= 0 ? left : this.search(2 * node + 1, mid, hi, from, cpu, memory);
  }

  private setLeaf(i: number, cpu: number, memory: number, pods: number): void {
    let n = this.size + i;
    this.cpu[n] = cpu;
    this.mem[n] = memory;
    this.pods[n] = pods;
    for (n >>= 1; n >= 1; n >>= 1) {
      const l = 2 * n;
      const r = l + 1;
      this.cpu[n] = Math.max(this.cpu[l]!, this.cpu[r]!);
      this.mem[n] = Math.max(this.mem[l]!, this.mem[r]!);
      this.pods[n] = Math.max(this.pods[l]!, this.pods[r]!);
    }
  }

  private grow(): void {
    const old = { size: this.size, cpu: this.cpu, mem: this.mem, pods: this.pods };
    this.size *= 2;
    this.cpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.mem = new Float64Array(2 * this.size).fill(-Infinity);
    this.pods = new Float64Array(2 * this.size).fill(-Infinity);
    this.cpu.set(old.cpu.subarray(old.size, old.size + this.count), this.size);
    this.mem.set(old.mem.subarray(old.size, old.size + this.count), this.size);
    this.pods.set(old.pods.subarray(old.size, old.size + this.count), this.size);
    for (let n = this.size - 1; n >= 1; n--) {
      this.cpu[n] = Math.max(this.cpu[2 * n]!, this.cpu[2 * n + 1]!);
      this.mem[n] = Math.max(this.mem[2 * n]!, this.mem[2 * n + 1]!);
      this.pods[n] = Math.max(this.pods[2 * n]!, this.pods[2 * n + 1]!);
    }
  }
}
