// PLACEHOLDER (being written): `npm run bench -- bayes-logreg`.
export async function bayesLogregBench(_command: string): Promise<void> {
  throw new Error('bayes-logreg bench not written yet');
}
