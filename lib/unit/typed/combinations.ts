/**
 * Settings systemd ignores unless another one is set (checked where the model is written):
 * RuntimeRandomizedExtraSec= without RuntimeMaxSec= ("Service has RuntimeRandomizedExtraSec= setting,
 * but no RuntimeMaxSec=. Ignoring.", 252–262) and RestartMaxDelaySec= without RestartSteps= ("Service has
 * RestartMaxDelaySec= but no RestartSteps= setting. Ignoring.", 254+), both from service_verify().
 */
import { DirectiveValueError } from '../values/errors';

/** Throws when `typed` (one section of the model) sets a directive systemd would ignore without its partner. */
export function checkCombinations(section: string, typed: Readonly<Record<string, unknown>>): void {
  if (section === 'Service' && typed.RuntimeRandomizedExtraSec !== undefined && typed.RuntimeMaxSec === undefined) {
    throw new DirectiveValueError('Service.RuntimeRandomizedExtraSec', typed.RuntimeRandomizedExtraSec, 'systemd ignores it without RuntimeMaxSec=', 'set RuntimeMaxSec= too');
  }
  if (section === 'Service' && typed.RestartMaxDelaySec !== undefined && typed.RestartSteps === undefined) {
    throw new DirectiveValueError('Service.RestartMaxDelaySec', typed.RestartMaxDelaySec, 'systemd ignores it without RestartSteps=', 'set RestartSteps= too');
  }
}
