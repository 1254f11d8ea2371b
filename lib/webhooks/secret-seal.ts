import "server-only";
import { sealDataField } from "../http/seal-data-field";

/**
 * Makes endpoint creation and secret rotation idempotent without a signing secret in clear in
 * idempotency_records: the stored response keeps `data.secret_ciphertext` instead, and a client
 * retrying after a lost response gets the same endpoint and the same secret.
 */
export const webhookSecretSeal = sealDataField("secret");
