/** `i***@example.ru`: the first character and the domain stay. Shared by every module that shows e-mails masked. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
