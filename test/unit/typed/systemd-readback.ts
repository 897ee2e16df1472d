import type { JudgedCase } from './systemd-judge';
import type { SandboxSuite } from '../../support/sandbox';
export interface ReadBackResult { compared: number; verifyOnly: number; different: string[] }
export function readBackCases(_suite: SandboxSuite, _cases: readonly JudgedCase[]): ReadBackResult {
  return { compared: 0, verifyOnly: 0, different: [] };
}
