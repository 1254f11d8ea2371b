import "server-only";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { normalizeEmail } from "./email-address";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password";

export function checkPasswordRules(password: string, param = "password") {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) throw new AppError("password_invalid", { param });
}

/** A new user with a password (hashed before any write). The email must not have an account yet. */
export async function createUser(db: DbOrTx, input: { email: string; name: string; password: string }) {
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.user.create({ data: { id: newId(), email: normalizeEmail(input.email), name: input.name.trim(), passwordHash } });
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  return db.user.findUnique({ where: { email: normalizeEmail(email) } });
}
