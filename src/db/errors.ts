/** PostgreSQL's unique_violation, reached through drizzle's wrapper when there is one. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (pgError.code === '23505') {
      const name = pgError.constraint ?? pgError.constraint_name;
      return constraint === undefined || name === undefined || name === constraint;
    }
  }
  return false;
}
