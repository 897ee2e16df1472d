/**
 * Comparing `score` output with `systemd-analyze security` output apart from the description texts
 * (ours are our own words): text tables with the DESCRIPTION column blanked, JSON with the
 * `description` values set aside. Everything else — marks, names, column widths of NAME and
 * EXPOSURE, exposures, row order, summary lines, JSON keys, key order, values and layout — is kept.
 */

/** Text output with every table's DESCRIPTION cells replaced by `<D>` (header and summary kept). */
export function blankTextDescriptions(text: string): string[] {
  let descStart = -1;
  return text.split('\n').map((line) => {
    const chars = [...line];
    if (/^ {2}NAME +DESCRIPTION/.test(line)) {
      descStart = chars.join('').indexOf('DESCRIPTION');
      return `${chars.slice(0, descStart).join('')}<D> EXPOSURE`;
    }
    if (line === '' || line.includes('Overall exposure level for ')) {
      descStart = -1;
      return line;
    }
    if (descStart < 0) return line;
    const exposure = /\s(\d+\.\d)$/.exec(line)?.[1];
    return `${chars.slice(0, descStart).join('')}<D>${exposure === undefined ? '' : ` ${exposure.padStart(8)}`}`;
  });
}

/** `--json=short` output: one array per line, each row without its description. */
export function shortJsonWithoutDescriptions(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.stringify((JSON.parse(l) as Array<Record<string, unknown>>).map(({ description: _d, ...rest }) => rest)));
}

/** `--json=pretty` output with the description lines blanked (layout kept byte for byte). */
export function blankPrettyDescriptions(text: string): string {
  return text.replace(/^\t\t"description" : .*$/gm, '\t\t"description" : <D>');
}
