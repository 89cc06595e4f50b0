// The tokenizer of `privkit bayes lda`: lowercase, runs of letters only, at least three letters,
// minus a small built-in English stop-word list. Everything here is public (it never looks at more
// than one document at a time), so it costs no privacy.

/** Common English function words, plus a few words every software description uses. Public. */
export const STOP_WORDS: ReadonlySet<string> = new Set(`
a about above after again against all also am an and any are aren as at be because been before
being below between both but by can cannot could did didn do does doesn doing don down during each
etc few for from further had has hasn have having he her here hers herself him himself his how i if
in into is isn it its itself just let me more most must my myself no nor not now of off on once
only or other ought our ours ourselves out over own same shall she should so some such than that
the their theirs them themselves then there these they this those through thus to too under until
up upon very via was wasn we were what when where which while who whom why will with within without
won would you your yours yourself yourselves may might one two using use used uses well many much
like get gets also yet either neither whether however since though although onto per
`.trim().split(/\s+/));

export const MIN_TOKEN_LENGTH = 3;

const LETTERS = /\p{L}+/gu;

/** The tokens of one document, in order (repeats kept). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(LETTERS)) {
    const word = match[0];
    if (word.length >= MIN_TOKEN_LENGTH && !STOP_WORDS.has(word)) tokens.push(word);
  }
  return tokens;
}
