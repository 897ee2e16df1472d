import { Testing } from '../../lib/constructs/cdktf';
import { SystemdHost, SystemdStack, type SystemdHostProps, type SystemdStackProps } from '../../lib/constructs';
import type { SystemdRelease } from '../../lib/exposure';
import { testApp } from '../support/test-app';

/** A test app with one stack and one host. */
export function hostFor(release: SystemdRelease = '262', stackProps: SystemdStackProps = {}, hostProps: Partial<SystemdHostProps> = {}) {
  const app = testApp();
  const stack = new SystemdStack(app, 'test', stackProps);
  const host = new SystemdHost(stack, 'h1', { target: { type: 'ssh', host: 'h1.test', user: 'root' }, systemd: release, ...hostProps });
  return { app, stack, host };
}

/** Runs the stack's validations and returns their messages (empty when synth would pass). */
export function validationErrors(stack: SystemdStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
