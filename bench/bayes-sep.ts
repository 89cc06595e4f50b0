// PLACEHOLDER (being written): `npm run bench -- bayes-sep`.
export async function bayesSepBench(_command: string): Promise<void> {
  throw new Error('bayes-sep bench not written yet');
}
