import { UserError } from '../errors.js';
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

/** An AbortSignal raised by Ctrl-C (aborting with a UserError of `message`); release() when done. */
export function interruptSignal(message: string): { signal: AbortSignal; release: () => void } {
  const flag = interruptFlag();
  const controller = new AbortController();
  const poll = setInterval(() => { if (flag.raised()) controller.abort(new UserError(message)); }, 100);
  return { signal: controller.signal, release: () => { clearInterval(poll); flag.release(); } };
}
