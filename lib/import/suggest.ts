/**
 * `--suggest`: the hardened variant of an imported service, as comment lines — which preset fits
 * (network server, oneshot job, socket-activated) with the exposure it would have, and the settings
 * that bring the service as it is within the default budget, from `evaluateBudget(...).fixes` (so a
 * better fix planner is picked up as is). Every number comes from the scorer.
 */
import type { UnitDocument, UnitEntry } from '../unit/model';
import { valuesOf } from '../unit/model';
import { assessUnit, formatExposure, type SystemdRelease } from '../exposure';
import { DEFAULT_BUDGET, evaluateBudget } from '../policy/budget';
import { directiveEntries } from '../unit/typed';
import { batch, networkService, strict, type Preset } from '../../presets';

/** A preset that fits a service, with why and how to write it. */
interface PresetFit {
  readonly preset: Preset;
  readonly code: string;
  readonly why: string;
}

const NETWORK = /^network(-online)?\.target$|^nss-lookup\.target$/;

/** Picks the preset: socket-activated → strict (sockets are passed in), oneshot → batch, network → networkService. */
function fitPreset(doc: UnitDocument, socketActivated: boolean): PresetFit {
  if (socketActivated) return { preset: strict(), code: 'presets.strict()', why: 'socket-activated: systemd passes the listening sockets in, so the service needs no network of its own (sockets)' };
  if (valuesOf(doc, 'Service', 'Type').pop() === 'oneshot') return { preset: batch(), code: 'presets.batch()', why: 'Type=oneshot: a job that runs to completion (oneshot)' };
  const deps = ['After', 'Wants', 'Requires'].flatMap((k) => valuesOf(doc, 'Unit', k).flatMap((v) => v.split(/\s+/)));
  const families = valuesOf(doc, 'Service', 'RestrictAddressFamilies').join(' ');
  if (deps.some((d) => NETWORK.test(d)) || /AF_INET/.test(families)) {
    return {
      preset: networkService({ ports: [8080] }),
      code: 'presets.networkService({ ports: [/* the TCP ports it listens on */] })',
      why: 'it orders itself after the network: a server (network; predicted with one unprivileged port — a port below 1024 keeps CAP_NET_BIND_SERVICE)',
    };
  }
  return { preset: strict(), code: 'presets.strict()', why: 'no sign of network use: a local daemon' };
}

/** The document with the preset's settings under the unit's own (the unit's settings win, as in SystemdService). */
function withPreset(doc: UnitDocument, preset: Preset): UnitDocument {
  const own = new Set(doc.sections.find((s) => s.name === 'Service')?.entries.map((e) => e.key) ?? []);
  const add: UnitEntry[] = Object.entries(preset.settings)
    .filter(([key, s]) => s !== undefined && !own.has(key))
    .flatMap(([key, s]) => directiveEntries('Service', key, s!.value));
  const sections = doc.sections.some((s) => s.name === 'Service') ? doc.sections : [...doc.sections, { name: 'Service', entries: [] }];
  return { sections: sections.map((s) => (s.name === 'Service' ? { name: s.name, entries: [...s.entries, ...add] } : s)) };
}

const score = (name: string, document: UnitDocument, release: SystemdRelease, mode: 'offline' | 'live'): number => assessUnit({ name, document }, { release, mode }).exposure;

/** Comment lines proposing the hardened variant of service `name` (its full document: drop-ins merged). */
export function suggestHardening(name: string, doc: UnitDocument, release: SystemdRelease, socketActivated: boolean): string[] {
  const fit = fitPreset(doc, socketActivated);
  const hardened = withPreset(doc, fit.preset);
  const [before, beforeLive] = [score(name, doc, release, 'offline'), score(name, doc, release, 'live')];
  const [after, afterLive] = [score(name, hardened, release, 'offline'), score(name, hardened, release, 'live')];
  const out = [
    `--suggest: a hardened variant (systemd ${release}; exposures predicted by the scorer, offline / live):`,
    `  preset: ${fit.code} fits — ${fit.why}`,
    `    add \`preset: ${fit.code}\`: ${formatExposure(before)} / ${formatExposure(beforeLive)} → ${formatExposure(after)} / ${formatExposure(afterLive)} (budget ${fit.preset.budget.toFixed(1)}; the unit's own settings win over the preset's)`,
  ];
  const verdict = evaluateBudget({ name, document: doc }, { budget: DEFAULT_BUDGET }, { release });
  if (verdict.withinBudget) {
    out.push(`  without a preset it is already within the default budget ${DEFAULT_BUDGET.toFixed(1)}`);
    return out;
  }
  out.push(`  or, without a preset, to reach the default budget ${DEFAULT_BUDGET.toFixed(1)} (${verdict.fixes.length} setting${verdict.fixes.length === 1 ? '' : 's'}, offline):`);
  for (const f of verdict.fixes) {
    const set = f.fix.set.map((a) => `${a.key}=${a.value}`).join(' ');
    out.push(`    ${set} → ${formatExposure(f.exposureAfter)}${f.fix.caveat ? ` — ${f.fix.caveat}` : ''}`);
  }
  const last = verdict.fixes[verdict.fixes.length - 1];
  if (!last || last.exposureAfter > verdict.budgetTenths) out.push(`    (these alone do not reach ${DEFAULT_BUDGET.toFixed(1)}: some checks need a human decision, e.g. RootDirectory=/RootImage=)`);
  return out;
}
