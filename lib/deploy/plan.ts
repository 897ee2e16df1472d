/**
 * What the deploy scripts need to know about one unit file: where it goes, its exact text, and which
 * units' enablement and running state the deployment manages. Shared by the install and the removal
 * script; nothing of cdktf or of scoring.
 */
import { parseUnitName } from '../unit/unit-name';

/** How the units of a deployment are brought up once the file is in place. */
export type Activation =
  /** Enable (when the unit has an [Install] section) and (re)start; unchanged and running: left alone. */
  | 'start'
  /** Restart only what is running (socket-activated services, drop-ins of distribution units). */
  | 'try-restart'
  /** Only `daemon-reload` (timer-activated services: the next run uses the new file). */
  | 'reload-only';

/** One unit file (or drop-in) and what its deployment manages on the host. */
export interface DeployPlan {
  /** Path below /etc/systemd/system: `web.service`, or `ssh.service.d/50-x.conf` for a drop-in. */
  readonly installPath: string;
  /** The file's text, exactly as it must be installed. */
  readonly content: string;
  readonly activation: Activation;
  /** Units enabled after install (units with [Install]; the instances of a template). */
  readonly enableUnits: readonly string[];
  /** Units whose running state the deployment manages: started, restarted, restored on rollback. */
  readonly runUnits: readonly string[];
  /** Units stopped before the run units restart (the services of a socket, which systemd would refuse to restart it for). */
  readonly stopFirst?: readonly string[];
  /** Services whose live exposure is checked after daemon-reload. */
  readonly liveUnits: readonly string[];
  /** Exposure budget in tenths (systemd's `--threshold`, 0–100); omitted: no score checks. */
  readonly budgetTenths?: number;
  /** systemd `--security-policy` JSON for both score checks. */
  readonly securityPolicy?: string;
  /** Seconds a service without a readiness protocol (Type=simple/exec/idle) must stay active after start. */
  readonly settleSeconds: number;
}

/** Longest file name Linux accepts (NAME_MAX), in bytes. */
export const NAME_MAX = 255;

/** Why systemd cannot install a unit of this name (beyond what systemd itself refuses), or undefined. */
export function deployNameProblem(name: string): string | undefined {
  try {
    parseUnitName(name);
  } catch (err) {
    return (err as Error).message;
  }
  if (name.startsWith('-')) return `unit name '${name}' starts with '-' (tools would read it as an option)`;
  return undefined;
}

/** The unit a plan changes (the overridden unit for a drop-in) and the drop-in's file name. */
export function planTarget(plan: DeployPlan): { unit: string; dropIn?: string } {
  const slash = plan.installPath.indexOf('/');
  if (slash < 0) return { unit: plan.installPath };
  const dir = plan.installPath.slice(0, slash);
  if (!dir.endsWith('.d')) throw new Error(`drop-in path '${plan.installPath}' must be NAME.d/FILE.conf`);
  return { unit: dir.slice(0, -2), dropIn: plan.installPath.slice(slash + 1) };
}

/** Throws when the plan names something no host can install; returns the unit and drop-in file. */
export function checkPlan(plan: DeployPlan): { unit: string; dropIn?: string } {
  const target = planTarget(plan);
  const problem = deployNameProblem(target.unit);
  if (problem) throw new Error(problem);
  if (target.dropIn !== undefined) {
    if (!/^[A-Za-z0-9_.@:-]+\.conf$/.test(target.dropIn) || target.dropIn.startsWith('-')) {
      throw new Error(`drop-in file name must be a plain file name ending in .conf, got '${target.dropIn}'`);
    }
    if (Buffer.byteLength(target.dropIn) > NAME_MAX) throw new Error(`drop-in file name longer than ${NAME_MAX} bytes: '${target.dropIn}'`);
    if (Buffer.byteLength(target.unit) + 2 > NAME_MAX) {
      throw new Error(`unit name '${target.unit}' is too long for a drop-in folder (${target.unit}.d exceeds ${NAME_MAX} bytes)`);
    }
  }
  for (const u of [...plan.enableUnits, ...plan.runUnits, ...(plan.stopFirst ?? []), ...plan.liveUnits]) {
    const p = deployNameProblem(u);
    if (p) throw new Error(p);
  }
  const b = plan.budgetTenths;
  if (b !== undefined && !(Number.isInteger(b) && b >= 0 && b <= 100)) {
    throw new Error(`exposure budget must be an integer number of tenths 0..100, got ${b}`);
  }
  if (!(Number.isInteger(plan.settleSeconds) && plan.settleSeconds >= 0 && plan.settleSeconds <= 600)) {
    throw new Error(`settle time must be a whole number of seconds 0..600, got ${plan.settleSeconds}`);
  }
  return target;
}
