// Cluster-wide named leases (one row per name with holder and expiry): one instance runs a workspace's
// sync cycle at a time; the holder renews while it runs; an expired lease can be taken over.

export interface LeaseStore {
  /** Takes the lease (free, expired, or already ours: then extended); false when another holder has it. */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Extends our lease; false when it is no longer ours (expired and taken over). */
  renew(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  /** The current holder and expiry, or null when free. */
  get(name: string): Promise<{ readonly holder: string; readonly until: number } | null>;
  close(): Promise<void>;
}
