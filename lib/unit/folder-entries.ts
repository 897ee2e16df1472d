/**
 * The names in folders, each folder listed once: for a batch of units read from the same folders
 * (`score` on thousands of files), where asking the file system whether each candidate drop-in
 * folder exists (three or four per unit, nearly all missing) costs a system call each. systemd reads
 * its search path's folders once at start-up too (src/basic/unit-file.c builds its name map).
 *
 * A folder is listed once it has been asked about often enough for one listing to cost less than
 * the questions to come: a few times for a small folder (one unit needs no listing), more for a large
 * one, whose size its own stat() tells (listing 10,000 names costs about 10 ms, as much as 2,500
 * questions; a batch of 100 units from such a folder asks about 300). The listing is kept for the
 * lifetime of this object: make one per batch, not per process. Before that, each answer is kept: units
 * of a batch ask the same names (`service.d` for every service, `systemd-.service.d` for every
 * `systemd-*` one), and a second asking costs nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Questions about one folder answered one by one before it is listed: a few units need no listing. */
const ASKED_BEFORE_LISTING = 16;

/**
 * Bytes of a folder's size (st_size: about 30–60 bytes per entry on ext4, 20 on tmpfs) per question
 * answered before it is listed: a question costs about four times what one listed name does.
 */
const FOLDER_BYTES_PER_QUESTION = 128;

/** How many questions about `dir` are answered one by one before it is listed (see the header). */
function questionsBeforeListing(dir: string): number {
  const size = fs.statSync(dir, { throwIfNoEntry: false })?.size ?? 0;
  return Math.max(ASKED_BEFORE_LISTING, Math.floor(size / FOLDER_BYTES_PER_QUESTION));
}

/** Folder listings, taken once (see the header). */
export class FolderEntries {
  /** Each folder's entry names; null when it could not be listed (then each name is asked for). */
  private readonly listings = new Map<string, ReadonlySet<string> | null>();
  /** Questions still to be answered one by one about folders not yet listed. */
  private readonly unlisted = new Map<string, number>();
  /** Answers to the questions asked one by one, by path. */
  private readonly answers = new Map<string, boolean>();

  /**
   * Whether `dir/name` may exist: false only when it does not (asked, or absent from `dir`'s
   * listing). A true answer is checked by whoever opens it (it may be a dangling link, not a folder).
   */
  mayExist(dir: string, name: string): boolean {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      const full = path.join(dir, name);
      const known = this.answers.get(full);
      if (known !== undefined) return known;
      const left = this.unlisted.get(dir) ?? questionsBeforeListing(dir);
      if (left > 0) {
        this.unlisted.set(dir, left - 1);
        const exists = fs.existsSync(full);
        this.answers.set(full, exists);
        return exists;
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
