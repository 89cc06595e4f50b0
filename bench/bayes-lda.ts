// PLACEHOLDER (being written): `npm run bench -- bayes-lda`.
export async function bayesLdaBench(_command: string): Promise<void> {
  throw new Error('bayes-lda bench not written yet');
}
