// The password rule the console checks before asking the API (Cognito's
// default policy); the API stays the judge and its answer is shown too.

export function passwordProblem(p: string): string | undefined {
  if (p.length < 8) return "Use at least 8 characters.";
  if (!/[a-z]/.test(p) || !/[A-Z]/.test(p)) return "Use upper and lower case letters.";
  if (!/[0-9]/.test(p)) return "Use at least one digit.";
  if (!/[^A-Za-z0-9]/.test(p)) return "Use at least one symbol.";
  return undefined;
}

export function emailProblem(e: string): string | undefined {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.trim()) ? undefined : "Enter a valid email address.";
}
