/**
 * An error caused by what the user gave us (a file, a flag, a schema). Its message is one sentence
 * that names the problem and the fix; the CLI prints it without a stack trace and exits non-zero.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/** Throws a UserError with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new UserError(message);
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
