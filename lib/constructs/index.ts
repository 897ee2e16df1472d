/**
 * cdktf constructs for systemd units: hosts, services, timers, sockets, drop-ins, stacks with
 * exposure reports and budgets.
 */
export { SystemdStack, REPORT_JSON, REPORT_MARKDOWN, REPORT_HTML, REPORT_SARIF, BASELINE_FILE, WRITE_BASELINE_ENV, UNITS_FOLDER, type SystemdStackProps, type StackBaseline } from './stack';
export { SystemdHost, type SystemdHostProps, type HostTarget, type SshTarget, type LocalTarget } from './host';
export { SystemdUnit, type DeploySettings } from './unit';
export { SystemdService, type SystemdServiceProps } from './service';
export { ActivatorUnit, type ActivatorProps } from './activator';
export { SystemdTimer, type SystemdTimerProps } from './timer';
export { SystemdSocket, type SystemdSocketProps } from './socket';
export { SystemdDropIn, type SystemdDropInProps } from './drop-in';
export { mergePolicies, resolvePolicy, type BudgetSource, type PolicyLevels } from '../policy/merge';
export type { ServiceSectionModel, SocketSectionModel, TimerSectionModel, UnitSectionModel, InstallSectionModel } from './documents';
export { App, Testing } from './cdktf';
