import { randomBytes } from "node:crypto";

// Every API request draws four small random values (its request id, the link id, the claim token
// and the encryption nonce). Each `crypto.randomBytes` call is a trip into C++ with a job object
// of its own, which the app server's profile showed at about 3% of a generate's CPU. So small draws
// come from a 4 KiB block of CSPRNG output, refilled when spent, as Node's own crypto.randomUUID
// does. Each byte is handed out once and then zeroed in the block; callers get their own copy in
// memory of its own.
const BLOCK_SIZE = 4096;
const MAX_POOLED = 256;

let block = Buffer.alloc(0);
let offset = 0;

/** `n` bytes from the OS CSPRNG (OpenSSL's RAND_bytes, as crypto.randomBytes). */
export function secureRandomBytes(n: number): Buffer {
  if (n > MAX_POOLED) return randomBytes(n);
  if (offset + n > block.length) {
    block = randomBytes(BLOCK_SIZE);
    offset = 0;
  }
  // Its own memory, as crypto.randomBytes gives: Buffer.allocUnsafe would carve small draws out of
  // Node's shared 8 KiB slab, where any holder of another buffer's `.buffer` could read them.
  const out = Buffer.allocUnsafeSlow(n);
  block.copy(out, 0, offset, offset + n);
  block.fill(0, offset, offset + n);
  offset += n;
  return out;
}
