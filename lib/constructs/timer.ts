/**
 * `SystemdTimer`: starts a {@link SystemdService} on a schedule (systemd.timer).
 */
import type { Construct } from 'constructs';
import { ActivatorUnit, type ActivatorProps } from './activator';
import type { TimerSectionModel } from './documents';

/** Properties of {@link SystemdTimer}. */
export interface SystemdTimerProps extends ActivatorProps {
  /** [Timer] settings, e.g. `{ OnCalendar: ['daily'], Persistent: true, RandomizedDelaySec: '15min' }`. */
  readonly timer: TimerSectionModel;
}

const TIMER = {
  type: 'timer',
  section: 'Timer',
  targetKey: 'Unit',
  required: ['OnCalendar', 'OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec'],
  wantedBy: 'timers.target',
} as const;

/** A timer unit activating a service; the service is installed but not enabled by itself. */
export class SystemdTimer extends ActivatorUnit {
  constructor(scope: Construct, id: string, props: SystemdTimerProps) {
    super(scope, id, TIMER, props, props.timer);
  }
}
