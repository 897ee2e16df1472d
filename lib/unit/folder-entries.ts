/**
 * The names in folders, each folder listed once: for a batch of units read from the same folders
 * (`score` on thousands of files), where asking the file system whether each candidate drop-in
 * folder exists (three or four per unit, nearly all missing) costs a system call each. systemd reads
 * its search path's folders once at start-up too (src/basic/unit-file.c builds its name map).
 *
 * A folder is listed once it has been asked about a few times (one unit needs no listing), and the
 * listing is kept for the lifetime of this object: make one per batch, not per process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Questions about one folder answered one by one before it is listed: a few units need no listing. */
const ASKED_BEFORE_LISTING = 16;

/** Folder listings, taken once (see the header). */
export class FolderEntries {
  /** Each folder's entry names; null when it could not be listed (then each name is asked for). */
  private readonly listings = new Map<string, ReadonlySet<string> | null>();
  /** Questions asked about folders not yet listed. */
  private readonly asked = new Map<string, number>();

  /**
   * Whether `dir/name` may exist: false only when it does not (asked, or absent from `dir`'s
   * listing). A true answer is checked by whoever opens it (it may be a dangling link, not a folder).
   */
  mayExist(dir: string, name: string): boolean {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      const asked = (this.asked.get(dir) ?? 0) + 1;
      if (asked <= ASKED_BEFORE_LISTING) {
        this.asked.set(dir, asked);
        return fs.existsSync(path.join(dir, name));
      }
      try {
        listing = new Set(fs.readdirSync(dir));
      } catch {
        listing = null;
      }
      this.listings.set(dir, listing);
    }
    return listing === null ? fs.existsSync(path.join(dir, name)) : listing.has(name);
  }
}
