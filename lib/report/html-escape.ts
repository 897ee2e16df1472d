/** Escaping for the HTML report: every text that reaches the page goes through these. */

/** Text for an element's content or a quoted attribute value. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An exposure number as systemd prints it (one decimal), or a dash when there is none. */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toFixed(1);
}
