// Ctrl-C during a long run: the first one asks the run to stop at its next check (no output file
// is written), a second one exits at once.
export interface InterruptFlag {
  raised: () => boolean;
  release: () => void;
}

export function interruptFlag(): InterruptFlag {
  let raised = false;
  const onSigint = () => {
    if (raised) process.exit(130);
    raised = true;
    process.stderr.write('\nStopping… (press Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  return { raised: () => raised, release: () => { process.removeListener('SIGINT', onSigint); } };
}
