// The sandbox bank's stand-in for Plaid Identity Match's legal-name score. Plaid's model is not
// public; this one is deliberately simple, deterministic and monotone in the obvious ways, and keeps
// Plaid's reading of the scale (>= 70 passes, 85-99 strong, 100 exact):
//
//   names are compared as word lists, ignoring case, accents, punctuation and extra spaces;
//   the same words in the same order                                     -> 100
//   the same words in another order ("Charleson Alberta Bobbeth")          -> 95
//   the same first and last word, middle names missing or different       -> 90
//   otherwise partial overlap, never a pass: 69 * Dice coefficient of the word multisets, where a
//   single letter ("B" or "B.") counts half towards a word it is the initial of    -> 0..69
//
// So "alberta  CHARLESON" scores 90 against "Alberta Bobbeth Charleson", "Alberta Smith" 28 and
// "Bob Jones" 0.

export type NameMatch = { score: number; firstOrLastNameMatch: boolean };

export function nameWords(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

export function scoreLegalName(given: string, owner: string): NameMatch {
  const a = nameWords(given);
  const b = nameWords(owner);
  if (a.length === 0 || b.length === 0) return { score: 0, firstOrLastNameMatch: false };
  const firstOrLastNameMatch = a[0] === b[0] || a[a.length - 1] === b[b.length - 1];

  if (a.join(" ") === b.join(" ")) return { score: 100, firstOrLastNameMatch: true };
  if ([...a].sort().join(" ") === [...b].sort().join(" ")) return { score: 95, firstOrLastNameMatch };
  if (a.length > 1 && b.length > 1 && a[0] === b[0] && a[a.length - 1] === b[b.length - 1]) return { score: 90, firstOrLastNameMatch: true };

  // Multiset overlap: whole words first, then initials against the words still unmatched.
  const left = [...b];
  let common = 0;
  const initials: string[] = [];
  for (const word of a) {
    const i = left.indexOf(word);
    if (i >= 0) {
      left.splice(i, 1);
      common += 1;
    } else if (word.length === 1) {
      initials.push(word);
    }
  }
  for (const initial of initials) {
    const i = left.findIndex((w) => w.startsWith(initial));
    if (i >= 0) {
      left.splice(i, 1);
      common += 0.5;
    }
  }
  const dice = (2 * common) / (a.length + b.length);
  return { score: Math.min(69, Math.round(69 * dice)), firstOrLastNameMatch };
}

/** The best score over the account's owners, as Plaid scores against every owner on the account. */
export function bestLegalNameMatch(given: string, owners: readonly string[]): NameMatch {
  let best: NameMatch = { score: 0, firstOrLastNameMatch: false };
  for (const owner of owners) {
    const m = scoreLegalName(given, owner);
    if (m.score > best.score || (m.score === best.score && m.firstOrLastNameMatch)) best = m;
  }
  return best;
}

/** Email: the same address, ignoring case and surrounding spaces, is 100; anything else 0. */
export function scoreEmail(given: string, emails: readonly string[]): number {
  const g = given.trim().toLowerCase();
  return emails.some((e) => e.toLowerCase() === g) ? 100 : 0;
}
