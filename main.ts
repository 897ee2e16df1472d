/**
 * The example app (the repo's main job): three services on one host, one per preset — a web server,
 * a nightly batch job on a timer, and a strict daemon. `npm run synth` writes cdktf.out/ (Terraform
 * JSON, unit files, exposure report) and prints the exposure table.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, SystemdHost, SystemdService, SystemdStack, SystemdTimer, REPORT_MARKDOWN } from './lib/constructs';
import * as presets from './presets';

const app = new App();
const stack = new SystemdStack(app, 'example', { policy: { budget: 4.9 } });

const host = new SystemdHost(stack, 'web1', {
  target: { type: 'ssh', host: 'web1.example.internal', user: 'root' },
  systemd: '257', // Debian 13
});

// A static web site on port 8080, served by Python (no JIT, so MemoryDenyWriteExecute= stays on).
new SystemdService(host, 'website', {
  preset: presets.networkService({ ports: [8080] }),
  unit: { Description: 'Static website', After: ['network.target'] },
  service: {
    ExecStart: ['/usr/bin/python3 -m http.server 8080 --bind 127.0.0.1 --directory /usr/share/doc'],
    CacheDirectory: ['website'],
  },
});

// A nightly report: reads the package list, writes its output into /var/lib/reports.
const report = new SystemdService(host, 'nightly-report', {
  preset: presets.batch({ outputDirectories: ['reports'] }),
  unit: { Description: 'Nightly package report' },
  service: { ExecStart: ['/bin/sh -c "ls /usr/share/doc > /var/lib/reports/packages.txt"'] },
});
new SystemdTimer(host, 'nightly-report-timer', {
  service: report,
  timer: { OnCalendar: ['daily'], Persistent: true, RandomizedDelaySec: '15min' },
});

// A heartbeat daemon without network: writes a timestamp into its state directory every minute.
new SystemdService(host, 'heartbeat', {
  preset: presets.strict(),
  unit: { Description: 'Heartbeat writer' },
  service: {
    ExecStart: ['/bin/sh -c "while :; do date -u +%%FT%%TZ > /var/lib/heartbeat/beat; sleep 60; done"'],
    StateDirectory: ['heartbeat'],
  },
});

app.synth();

const reportFile = path.join(app.outdir, 'stacks', stack.node.id, REPORT_MARKDOWN);
process.stdout.write(fs.readFileSync(reportFile, 'utf8'));
