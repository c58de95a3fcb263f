// The budgets CI holds the product to, in one place. Each one fails CI when exceeded and prints its
// measured figure:
//
// - the JavaScript the survey page (`/s/{code}`) downloads, gzip-compressed:
//   tests/browser/budgets.test.ts;
// - axe-core violations (WCAG 2.0/2.1 A and AA) on every public page and the console's main pages:
//   tests/browser/a11y-pages.test.ts (and the survey's other states in survey-a11y.test.ts);
// - Lighthouse (mobile profile) on `/s/{code}`: `npm run lighthouse -- --assert`, run by `.ci/run`.

/** Bytes of gzip-compressed JavaScript the survey page may download: a cheap phone on a weak 3G/4G link. */
export const SURVEY_JS_GZIP_BYTES = 90 * 1024;

/** axe-core violations allowed on any page. */
export const AXE_VIOLATIONS = 0;

/** The axe-core rule tags every page is checked against: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Lighthouse category scores (0–100) on the survey page, mobile profile. */
export const LIGHTHOUSE_MIN_SCORES = { performance: 95, accessibility: 100 } as const;

/**
 * Lighthouse runs at most this many times; the best performance score counts. Performance on a
 * shared 2-core machine is noisy (another process can steal the CPU mid-trace); accessibility is
 * not, and must be met by that same run.
 */
export const LIGHTHOUSE_ATTEMPTS = 3;

/** "80,443 B (78.6 KiB)". */
export function kib(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} B (${(bytes / 1024).toFixed(1)} KiB)`;
}
