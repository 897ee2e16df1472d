/**
 * Settings shared by every preset: the sandboxing that costs an ordinary service nothing.
 */
import type { PresetSettings } from './types';

/** Kernel, device and privilege lock-down that ordinary services never need to undo. */
export const BASELINE: PresetSettings = {
  DynamicUser: { value: true, reason: 'runs as a transient unprivileged user; state lives in StateDirectory= etc.' },
  NoNewPrivileges: { value: true, reason: 'setuid binaries cannot raise privileges' },
  ProtectSystem: { value: 'strict', reason: 'the OS is read-only; writable paths are declared' },
  ProtectHome: { value: true, reason: 'services have no business in /home, /root, /run/user' },
  PrivateTmp: { value: true, reason: 'a private /tmp: no races or leaks through the shared one' },
  PrivateDevices: { value: true, reason: 'only pseudo devices (/dev/null, /dev/urandom …)' },
  PrivateMounts: { value: true, reason: 'mounts of the service stay its own' },
  ProtectKernelTunables: { value: true, reason: '/proc/sys and /sys are read-only' },
  ProtectKernelModules: { value: true, reason: 'no module loading' },
  ProtectKernelLogs: { value: true, reason: 'no access to the kernel log' },
  ProtectClock: { value: true, reason: 'cannot change the system clock' },
  ProtectControlGroups: { value: true, reason: 'cgroup tree read-only' },
  ProtectHostname: { value: true, reason: 'cannot change the host name' },
  ProtectProc: { value: 'invisible', reason: "other users' processes are hidden in /proc" },
  ProcSubset: { value: 'pid', reason: 'only /proc/PID entries; no kernel information files' },
  LockPersonality: { value: true, reason: 'cannot switch execution domain' },
  RestrictRealtime: { value: true, reason: 'no realtime scheduling (a denial-of-service vector)' },
  RestrictSUIDSGID: { value: true, reason: 'cannot create setuid/setgid files' },
  RestrictNamespaces: { value: [true], reason: 'cannot create namespaces (containers inside services)' },
  RemoveIPC: { value: true, reason: 'SysV/POSIX IPC objects are removed when the service stops' },
  KeyringMode: { value: 'private', reason: 'own kernel keyring' },
  UMask: { value: '0077', reason: 'files it creates are private to it' },
  CapabilityBoundingSet: { value: [''], reason: 'no capabilities at all' },
  AmbientCapabilities: { value: [''], reason: 'no ambient capabilities' },
  SystemCallArchitectures: { value: ['native'], reason: 'no 32-bit syscall ABI tricks' },
  SystemCallFilter: { value: ['@system-service', '~@privileged @resources'], reason: "the syscalls of ordinary services, minus privileged and resource-control ones" },
  SystemCallErrorNumber: { value: 'EPERM', reason: 'a filtered call fails with EPERM instead of killing the process' },
  DevicePolicy: { value: 'closed', reason: 'no device nodes beyond the pseudo devices' },
};
