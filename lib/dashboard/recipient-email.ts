// The optional address a link is sent to. Isomorphic: the form checks it as the operator types.

export function parseRecipientEmail(value: string): { ok: true; email: string } | { ok: false; message: string } {
  const email = value.trim();
  // One @, something on each side, a dot in the domain, no spaces: what a mail server will accept,
  // without pretending to implement RFC 5322.
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return { ok: false, message: "Enter a valid email address, like name@example.com." };
  }
  return { ok: true, email };
}
